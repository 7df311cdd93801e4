import { useState, type ReactNode, type SelectHTMLAttributes } from "react";
import { call, type UiError } from "../api";
import { commands, type AmountField } from "../bindings";

/** Errors shown on a form, by field name; `_` is the one that names no field. */
export type FieldErrors = Record<string, string>;

/** A core error (`{kind, message, field}`) placed on the field it names, or on `_`. */
export function errorsOf(e: unknown): FieldErrors {
  const err = e as UiError;
  return { [err.field ?? "_"]: err.message };
}

/**
 * An amount typed in a form, in 元, read by the core with the import's own parser: a bare number
 * is 万元; 5000万, 1.2亿元, 两亿 as written. `null` when left empty. A typing the core cannot read
 * throws its `{kind, message, field}` (use `errorsOf` to show it at the field).
 */
export async function amountToYuan(text: string, field: AmountField): Promise<number | null> {
  if (!text.trim()) return null;
  return call(commands.parseAmount(text, field));
}

/** The error of one field, or nothing; `error-<name>` is what the tests look for. */
export function FieldError({ errors, name }: { errors: FieldErrors; name: string }) {
  return errors[name] ? (
    <span className="field-error" data-testid={`error-${name}`}>
      {errors[name]}
    </span>
  ) : null;
}

/** One row of a lookup list (teams, officers, industries, region groups…). */
type Item = { id: string; name: string };

type LookupSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "value" | "onChange"> & {
  items: readonly Item[];
  /** An item's id, or "" for none. */
  value: string;
  onChange: (id: string) => void;
  /** The label of the "" option (none, or all in a filter). */
  empty?: ReactNode;
};

/** A select of a lookup list, with a first option for none. */
export function LookupSelect({ items, value, onChange, empty = "—", ...rest }: LookupSelectProps) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} {...rest}>
      <option value="">{empty}</option>
      {items.map((x) => (
        <option key={x.id} value={x.id}>
          {x.name}
        </option>
      ))}
    </select>
  );
}

/** The suggestions under a search input: clicking one picks it. Nothing when there are none. */
export function Suggestions<T>({ items, keyOf, onPick, children }: { items: readonly T[]; keyOf: (x: T) => string; onPick: (x: T) => void; children: (x: T) => ReactNode }) {
  if (items.length === 0) return null;
  return (
    <div className="suggest">
      {items.map((x) => (
        <div key={keyOf(x)} onClick={() => onPick(x)}>
          {children(x)}
        </div>
      ))}
    </div>
  );
}

/**
 * A name typed and added to a list (a team, an industry, a park, a chain): `onAdd` says
 * whether the core took it; the field empties only then, so a refused name stays to correct.
 * `testId` names the input `<testId>-name` and the button `<testId>-add`.
 */
export function AddByName({ onAdd, placeholder, label, testId }: { onAdd: (name: string) => Promise<boolean>; placeholder: string; label: ReactNode; testId?: string }) {
  const [name, setName] = useState("");
  return (
    <div className="inline-form">
      <input placeholder={placeholder} value={name} onChange={(e) => setName(e.target.value)} data-testid={testId && `${testId}-name`} />
      <button onClick={() => void onAdd(name).then((added) => added && setName(""))} data-testid={testId && `${testId}-add`}>
        {label}
      </button>
    </div>
  );
}

/**
 * A settings card's writes: `act` runs one, says whether the core took it, then notifies and
 * refreshes; a refusal is kept in `error` (the core's message, already in the UI's language).
 */
export function useWrites(notify: (m: string) => void, onChanged: () => void, saved: string) {
  const [error, setError] = useState<string | null>(null);
  const act = async (p: Promise<unknown>, after?: () => void): Promise<boolean> => {
    try {
      await p;
      setError(null);
      after?.();
      notify(saved);
      onChanged();
      return true;
    } catch (e) {
      setError((e as UiError).message);
      return false;
    }
  };
  return { act, error };
}
