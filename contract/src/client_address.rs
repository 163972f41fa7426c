//! Which address a request comes from, when proxies may stand in between.
//!
//! Rate limits count per client address. Behind the swarm's edge every request arrives
//! from the edge (or from the UI server, which creates learners on a browser's behalf),
//! so the address must come from a header those proxies set. A header is believed only
//! from a peer in `TRUSTED_PROXIES`: anyone else could write any address into it.
//!
//! The rule is one hop: a trusted peer names the client in `X-Real-IP` (the edge sets it
//! to its own peer, overwriting what a client sent; the UI sets it to the client it
//! resolved), or else in the last `X-Forwarded-For` entry (the one the nearest proxy
//! appended). Earlier `X-Forwarded-For` entries are never read: clients can write them.

use std::net::IpAddr;

use anyhow::Context;
use axum::http::HeaderMap;
use ipnet::IpNet;

/// The header a trusted proxy names the client in.
pub const REAL_IP_HEADER: &str = "x-real-ip";
const FORWARDED_FOR_HEADER: &str = "x-forwarded-for";

/// The networks whose peers may name the client in a header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Trust nobody: the peer address is the client (the default).
    pub fn none() -> TrustedProxies {
        TrustedProxies(Vec::new())
    }

    /// `127.0.0.0/8` and `::1`: for a process whose own UI calls it over loopback.
    pub fn loopback() -> TrustedProxies {
        TrustedProxies::parse("127.0.0.0/8,::1").expect("a valid list")
    }

    /// A comma-separated list of addresses and networks (`10.0.0.0/8`, `::1`,
    /// `0.0.0.0/0` for every IPv4 peer); empty means nobody.
    pub fn parse(list: &str) -> anyhow::Result<TrustedProxies> {
        let networks = list
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .with_context(|| format!("{item:?} is not an address or a network"))
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(TrustedProxies(networks))
    }

    /// `TRUSTED_PROXIES` (default: nobody).
    pub fn from_env() -> anyhow::Result<TrustedProxies> {
        let raw = crate::config::env_or_file("TRUSTED_PROXIES")?.unwrap_or_default();
        TrustedProxies::parse(&raw).context("TRUSTED_PROXIES")
    }

    /// Both lists.
    pub fn and(mut self, other: TrustedProxies) -> TrustedProxies {
        self.0.extend(other.0);
        self
    }

    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client of a request that reached us from `peer` with `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let named =
            header_address(headers, REAL_IP_HEADER, |value| Some(value.trim())).or_else(|| {
                header_address(headers, FORWARDED_FOR_HEADER, |value| {
                    value.rsplit(',').next().map(str::trim)
                })
            });
        named.map_or(peer, |address| address.to_canonical())
    }
}

/// The address in the last `name` header, picked out of its value by `pick`.
fn header_address(
    headers: &HeaderMap,
    name: &str,
    pick: impl Fn(&str) -> Option<&str>,
) -> Option<IpAddr> {
    let value = headers.get_all(name).iter().next_back()?.to_str().ok()?;
    pick(value)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let peer: IpAddr = "203.0.113.9".parse().unwrap();
        let claims = headers(&[("x-real-ip", "1.2.3.4"), ("x-forwarded-for", "5.6.7.8")]);
        assert_eq!(trusted.client(peer, &claims), peer);
        assert_eq!(TrustedProxies::none().client(peer, &claims), peer);
    }

    #[test]
    fn a_trusted_peer_names_the_client_in_one_hop() {
        let trusted = TrustedProxies::parse("10.0.0.0/8, ::1").unwrap();
        let edge: IpAddr = "10.0.3.4".parse().unwrap();
        let real = headers(&[("x-real-ip", " 198.51.100.7 ")]);
        assert_eq!(
            trusted.client(edge, &real),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        // The last X-Forwarded-For entry is the nearest proxy's; earlier ones are the client's word.
        let forwarded = headers(&[("x-forwarded-for", "1.1.1.1, 198.51.100.8")]);
        assert_eq!(
            trusted.client(edge, &forwarded),
            "198.51.100.8".parse::<IpAddr>().unwrap()
        );
        // Nothing usable: the peer it is.
        let junk = headers(&[("x-real-ip", "not an address")]);
        assert_eq!(trusted.client(edge, &junk), edge);
        assert_eq!(
            trusted.client("::1".parse().unwrap(), &real),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn mapped_ipv4_addresses_are_plain_ipv4() {
        let trusted = TrustedProxies::loopback();
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        assert!(trusted.trusts(mapped));
        let client = trusted.client(mapped, &headers(&[("x-real-ip", "::ffff:192.0.2.1")]));
        assert_eq!(client, "192.0.2.1".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn parse_names_the_bad_entry() {
        assert_eq!(TrustedProxies::parse(" ").unwrap(), TrustedProxies::none());
        let err = TrustedProxies::parse("10.0.0.0/8,nope").unwrap_err();
        assert!(format!("{err:#}").contains("nope"), "{err:#}");
    }
}
