import { useEffect, useState } from "react";
import { call, commands } from "../api";

/**
 * The park names a filter offers: the office's list (its order), then the names projects use
 * that the list lacks. A project names its park as text, so a filter is by name.
 */
export function useParkNames(revision = 0): { id: string; name: string }[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    Promise.all([call(commands.parks()), call(commands.unlistedParks())]).then(
      ([listed, unlisted]) => setNames([...listed.map((p) => p.name), ...unlisted]),
      () => setNames([]),
    );
  }, [revision]);
  return names.map((name) => ({ id: name, name }));
}
