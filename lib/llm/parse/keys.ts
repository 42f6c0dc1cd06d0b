/** Object keys and enum values as models spell them: "Test Cases", "test-cases", "testCases". */
export function canon(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A field of a contract's object and the other names models give it, most likely first. */
export type FieldAliases = Record<string, readonly string[]>;

/**
 * The object's values under the contract's field names. Each field takes the key that matches its
 * own name, else its first alias present; a key serves one field only.
 */
export function pickFields(object: Record<string, unknown>, fields: FieldAliases): Record<string, unknown> {
  const byCanon = new Map<string, string>();
  for (const key of Object.keys(object)) if (!byCanon.has(canon(key))) byCanon.set(canon(key), key);
  const used = new Set<string>();
  const picked: Record<string, unknown> = {};
  // Exact names first, so that {"solution", "code"} gives solution its own key, whatever the order.
  for (const pass of ["own", "alias"] as const) {
    for (const [field, aliases] of Object.entries(fields)) {
      if (field in picked) continue;
      const names = pass === "own" ? [field] : aliases;
      const key = names.map((name) => byCanon.get(canon(name))).find((k) => k !== undefined && !used.has(k));
      if (key === undefined) continue;
      used.add(key);
      picked[field] = object[key];
    }
  }
  return picked;
}

/** Whether any key of the object names one of the contract's fields (or an alias of one). */
export function hasAnyField(object: Record<string, unknown>, fields: FieldAliases): boolean {
  const names = new Set(Object.entries(fields).flatMap(([field, aliases]) => [field, ...aliases].map(canon)));
  return Object.keys(object).some((key) => names.has(canon(key)));
}

/**
 * The contract's object inside the wrappings models put around it: a one-item list, a one-key
 * object (`{"sample": {…}}`, `{"answer": {…}}`), or an object whose only object-valued entry is it
 * when none of its own keys is a field. A key that is a field's own name is never a wrapper:
 * `{"solution": {…}}` is a solution of the wrong type.
 */
export function unwrapObject(data: unknown, fields: FieldAliases): unknown {
  for (let depth = 0; depth < 4; depth++) {
    if (Array.isArray(data) && data.length === 1) {
      data = data[0];
      continue;
    }
    if (!isRecord(data)) return data;
    const entries = Object.entries(data);
    const inner = entries.filter(([, value]) => isRecord(value) || (Array.isArray(value) && value.length === 1 && isRecord(value[0])));
    const own = new Set(Object.keys(fields));
    const wrapper = entries.length === 1 ? inner[0] : !hasAnyField(data, fields) && inner.length === 1 ? inner[0] : undefined;
    if (!wrapper || own.has(wrapper[0])) return data;
    data = wrapper[1];
  }
  return data;
}
