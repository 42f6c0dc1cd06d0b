import net from "node:net";
import { z } from "zod";

/**
 * Who may name the client in `X-Forwarded-For`. `next start` hands route handlers no socket, and
 * it writes the peer's address into X-Forwarded-For only when the request carries none, so a
 * client can put anything there: the header is believed only as far as `TRUST_PROXY` says.
 *
 * - unset (or 0): nobody. Every request counts as from one client, "unknown".
 * - a number N: N proxies in front of the studio, each appending the address it saw; the client
 *   is the N-th entry from the right (1: the right-most, what the one proxy appended).
 * - a list of proxy addresses and CIDRs (`10.0.0.0/8, 127.0.0.1`): entries are read from the
 *   right, skipping the listed proxies; the first other address is the client.
 */
export type TrustProxy = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "list"; proxies: net.BlockList; text: string };

export const UNKNOWN_CLIENT = "unknown";
const MAX_HOPS = 10;

function addRule(list: net.BlockList, entry: string): string | null {
  const [address, bits, ...rest] = entry.split("/");
  const family = net.isIP(address ?? "");
  if (!address || !family || rest.length) return `"${entry}" is not an IP address or a CIDR (e.g. 10.0.0.0/8)`;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (bits === undefined) {
    list.addAddress(address, type);
    return null;
  }
  const prefix = Number(bits);
  if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) return `"${entry}" has a bad prefix length`;
  list.addSubnet(address, prefix, type);
  return null;
}

/** The environment variable's value, read once by lib/env; a bad entry is named. */
export const TrustProxySetting = z
  .string()
  .trim()
  .transform((text, context): TrustProxy => {
    if (/^\d+$/.test(text)) {
      const hops = Number(text);
      if (hops > MAX_HOPS) context.addIssue({ code: "custom", message: `at most ${MAX_HOPS} proxy hops` });
      return hops === 0 ? { kind: "none" } : { kind: "hops", hops };
    }
    const proxies = new net.BlockList();
    for (const entry of text.split(",").map((e) => e.trim())) {
      const problem = entry ? addRule(proxies, entry) : "an empty entry";
      if (problem)
        context.addIssue({
          code: "custom",
          message: `${problem}; give a number of proxy hops or a comma-separated list of proxy addresses/CIDRs`,
        });
    }
    return { kind: "list", proxies, text };
  });

/** An X-Forwarded-For entry as an address: without brackets, port, or the IPv4-in-IPv6 prefix. */
function normalize(entry: string): string {
  let address = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  if (/^::ffff:[\d.]+$/i.test(address)) address = address.slice(7);
  return address.slice(0, 100);
}

const isTrusted = (proxies: net.BlockList, address: string) => {
  const family = net.isIP(address);
  return family !== 0 && proxies.check(address, family === 4 ? "ipv4" : "ipv6");
};

/** The client's address from an X-Forwarded-For value (null: absent), as far as `trust` allows. */
export function forwardedClient(forwardedFor: string | null, trust: TrustProxy): string {
  if (trust.kind === "none") return UNKNOWN_CLIENT;
  const chain = (forwardedFor ?? "").split(",").map(normalize).filter(Boolean);
  if (!chain.length) return UNKNOWN_CLIENT;
  if (trust.kind === "hops") return chain[Math.max(0, chain.length - trust.hops)]!;
  for (let i = chain.length - 1; i > 0; i--) if (!isTrusted(trust.proxies, chain[i]!)) return chain[i]!;
  return chain[0]!;
}
