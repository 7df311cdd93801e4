import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "./api";
import type { SearchHit } from "./bindings";

type Props = {
  /** A project hit opens its page; a company or officer hit opens the project list searching it. */
  onOpenProject: (id: string) => void;
  onSearchProjects: (text: string) => void;
};

/** One box for projects, companies and officers: 汉字, pinyin, initials, 繁/简, aliases. */
export default function SearchBox({ onOpenProject, onSearchProjects }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setHits([]);
      return;
    }
    const mine = ++seq.current;
    const h = window.setTimeout(() => {
      call(commands.search(q, 12)).then(
        (r) => {
          if (mine === seq.current) {
            setHits(r);
            setActive(0);
          }
        },
        () => mine === seq.current && setHits([]),
      );
    }, 120);
    return () => window.clearTimeout(h);
  }, [text]);

  const pick = (h: SearchHit) => {
    setOpen(false);
    setText("");
    if (h.kind === "Project") onOpenProject(h.id);
    else onSearchProjects(h.name);
  };

  return (
    <div className="searchbox" onBlur={() => window.setTimeout(() => setOpen(false), 150)}>
      <input
        data-testid="global-search"
        type="search"
        value={text}
        placeholder={t("io.searchPlaceholder")}
        aria-label={t("common.search")}
        onFocus={() => setOpen(true)}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, hits.length - 1));
          else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
          else if (e.key === "Enter" && hits[active]) pick(hits[active]);
          else if (e.key === "Escape") setOpen(false);
        }}
      />
      {open && text.trim() && (
        <ul className="search-results" role="listbox" data-testid="search-results">
          {hits.length === 0 && <li className="muted">{t("io.noHits")}</li>}
          {hits.map((h, i) => (
            <li
              key={`${h.kind}-${h.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : ""}
              data-testid={`search-hit-${h.kind}`}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(h);
              }}
            >
              <span className={`badge kind-${h.kind}`}>{t(`io.kinds.${h.kind}`)}</span>
              <span className="hit-name">{h.name}</span>
              {h.detail && <span className="muted hit-detail">{h.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
