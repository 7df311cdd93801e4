import { useEffect, useState } from "react";
import { call, commands } from "../api";

/**
 * The park names a filter offers (the core's `park_names`: the office's list, then names only
 * projects use). A project names its park as text, so a filter is by name.
 */
export function useParkNames(revision = 0): { id: string; name: string }[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    call(commands.parkNames()).then(setNames, () => setNames([]));
  }, [revision]);
  return names.map((name) => ({ id: name, name }));
}
