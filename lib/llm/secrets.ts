import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";

/**
 * Endpoint API keys are stored encrypted (AES-256-GCM) with ROSETTA_SECRET_KEY, 32 bytes in base64.
 * The stored form is `v1.<iv>.<tag>.<ciphertext>` (base64url parts).
 */

function keyBytes(secretKey: string | undefined): Buffer {
  if (!secretKey)
    throw new AppError(
      "CONFIG_INVALID",
      "ROSETTA_SECRET_KEY is not set: the studio creates one on start; workers on other machines need the same value.",
    );
  const key = Buffer.from(secretKey, "base64");
  if (key.length !== 32)
    throw new AppError("CONFIG_INVALID", "ROSETTA_SECRET_KEY must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`).");
  return key;
}

export function encryptSecret(plain: string, secretKey: string | undefined): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyBytes(secretKey), iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptSecret(stored: string, secretKey: string | undefined): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined)
    throw new AppError("CONFIG_INVALID", "A stored API key is not in a format this Rosetta can read.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyBytes(secretKey), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      "CONFIG_INVALID",
      "A stored API key cannot be decrypted: ROSETTA_SECRET_KEY differs from the one it was saved with.",
      { cause: error },
    );
  }
}

export function newSecretKey(): string {
  return randomBytes(32).toString("base64");
}
