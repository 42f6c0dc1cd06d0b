import { randomBytes, scryptSync } from "node:crypto";

/**
 * A fixture account's password hash: scrypt in the stored format (`scrypt$N$r$p$salt$key`), at
 * N = 2^10 instead of production's 2^17. `verifyPassword` takes the cost from the stored hash, so a
 * fixture signs in within a millisecond instead of a second of CPU, while every password the app
 * itself hashes (and the dummy hash checked for unknown emails) keeps production's cost:
 * lib/auth/accounts.int.test.ts proves the parameters production stores.
 */
export function fixturePasswordHash(password: string): string {
  const [n, r, p] = [2 ** 10, 8, 1];
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: n, r, p });
  return `scrypt$${n}$${r}$${p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}
