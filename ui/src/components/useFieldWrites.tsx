import { useState } from "react";
import { errorsOf, type FieldErrors } from "./fields";

/**
 * An editor's writes with the core's refusal kept by where it happened (`scope`: a row's id,
 * "new" for the add form) and by field, so each message shows at the input it is about.
 * `act` says whether the core took the write.
 */
export function useFieldWrites(notify: (m: string) => void, onChanged: () => void, saved: string) {
  const [failed, setFailed] = useState<{ scope: string; errors: FieldErrors } | null>(null);
  const act = async (scope: string, p: Promise<unknown>, after?: () => void): Promise<boolean> => {
    try {
      await p;
      setFailed(null);
      after?.();
      notify(saved);
      onChanged();
      return true;
    } catch (e) {
      setFailed({ scope, errors: errorsOf(e) });
      return false;
    }
  };
  /**
   * The refusal at `field` (or any of several) of `scope`, as an `error-<field>` span, or nothing.
   * `"*"` takes any field, for a refusal that belongs to the whole row.
   */
  const errorAt = (scope: string, field: string | string[]) => {
    if (!failed || failed.scope !== scope) return null;
    const fields = Array.isArray(field) ? field : [field];
    const hit = fields.includes("*") ? Object.keys(failed.errors)[0] : fields.find((f) => failed.errors[f] !== undefined);
    if (!hit) return null;
    return (
      <span className="field-error" data-testid={`error-${hit}`}>
        {failed.errors[hit]}
      </span>
    );
  };
  return { act, errorAt, failed, clear: () => setFailed(null) };
}
