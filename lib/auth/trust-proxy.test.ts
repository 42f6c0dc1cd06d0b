import { describe, expect, it } from "vitest";
import { forwardedClient, TrustProxySetting, UNKNOWN_CLIENT } from "@/lib/auth/trust-proxy";

const trust = (value: string) => TrustProxySetting.parse(value);

describe("TRUST_PROXY", () => {
  it("without a trusted proxy, believes no X-Forwarded-For: every request is the one unknown client", () => {
    for (const header of ["203.0.113.9", "198.51.100.1, 203.0.113.9", null]) {
      expect(forwardedClient(header, { kind: "none" })).toBe(UNKNOWN_CLIENT);
      expect(forwardedClient(header, trust("0"))).toBe(UNKNOWN_CLIENT);
    }
  });

  it("with one hop, takes the right-most entry (what the proxy appended), whatever the client put before it", () => {
    expect(forwardedClient("1.1.1.1, 2.2.2.2, 203.0.113.9", trust("1"))).toBe("203.0.113.9");
    expect(forwardedClient("203.0.113.9", trust("1"))).toBe("203.0.113.9");
    expect(forwardedClient("1.1.1.1, 203.0.113.9, 10.0.0.2", trust("2"))).toBe("203.0.113.9");
    // Fewer entries than hops: the furthest one there is.
    expect(forwardedClient("203.0.113.9", trust("2"))).toBe("203.0.113.9");
    expect(forwardedClient(null, trust("1"))).toBe(UNKNOWN_CLIENT);
  });

  it("with a list, skips the listed proxies from the right and takes the first other address", () => {
    const proxies = trust("10.0.0.0/8, 127.0.0.1, fd00::/8");
    expect(forwardedClient("6.6.6.6, 203.0.113.9, 10.1.2.3, 127.0.0.1", proxies)).toBe("203.0.113.9");
    expect(forwardedClient("203.0.113.9, [fd00::1]:443, ::ffff:127.0.0.1", proxies)).toBe("203.0.113.9");
    expect(forwardedClient("2001:db8::5, 10.0.0.1", proxies)).toBe("2001:db8::5");
    expect(forwardedClient("203.0.113.9:51000", proxies)).toBe("203.0.113.9");
    // Only proxies in the chain: the left-most is as far as anyone can tell.
    expect(forwardedClient("10.0.0.5, 10.0.0.6", proxies)).toBe("10.0.0.5");
  });

  it("names a bad value", () => {
    expect(TrustProxySetting.safeParse("10.0.0.0/8, proxy.local").error?.issues[0]?.message).toMatch(
      /"proxy.local" is not an IP address or a CIDR/,
    );
    expect(TrustProxySetting.safeParse("10.0.0.0/33").error?.issues[0]?.message).toMatch(/"10.0.0.0\/33" has a bad prefix length/);
    expect(TrustProxySetting.safeParse("11").error?.issues[0]?.message).toBe("at most 10 proxy hops");
    expect(TrustProxySetting.safeParse("true").success).toBe(false);
  });
});
