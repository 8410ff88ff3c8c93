export const ROLES = ['front-desk', 'nurse', 'physician', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** "staff" and "all staff" in docs/http-api.md: the people of the clinic, not outside systems. */
export const STAFF: readonly Role[] = ['front-desk', 'nurse', 'physician', 'admin'];

/** Who did it: recorded on every event. */
export interface Actor {
  id: string;
  role: Role;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
