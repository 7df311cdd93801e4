//! Who is calling from where: the client address logins are counted by, and how it is shown.

use std::net::{IpAddr, Ipv6Addr};

use axum::http::HeaderMap;

/// Who is logging in, as the throttle counts it: the connection's peer, or, when that peer is
/// a configured reverse proxy, the client its `X-Forwarded-For` names (read from the right,
/// skipping the trusted proxies, so a client cannot choose its address by sending the header
/// itself). IPv4-mapped IPv6 counts as IPv4; IPv6 by its /64 network.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    let canonical = |ip: IpAddr| match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    };
    let trusted = |ip: IpAddr| trusted_proxies.iter().any(|t| canonical(*t) == ip);
    let mut client = canonical(peer);
    if trusted(client) {
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        for hop in forwarded.iter().rev() {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) => {
                    client = canonical(ip);
                    if !trusted(client) {
                        break;
                    }
                }
                // Garbage in the chain: the last proxy vouched for is who we know.
                Err(_) => break,
            }
        }
    }
    match client {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(bits))
        }
        v4 => v4,
    }
}

/// The address as the officer (or the operator) reads it in a message.
pub(super) fn address_label(address: IpAddr) -> String {
    match address {
        IpAddr::V6(_) => format!("{address}/64"),
        v4 => v4.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", value.parse().unwrap());
        h
    }

    #[test]
    fn the_client_address_is_the_peer_unless_a_trusted_proxy_names_another() {
        let none: &[IpAddr] = &[];
        // Not configured: the header is ignored, whoever sends it.
        assert_eq!(
            client_address(ip("192.168.1.23"), &forwarded("10.0.0.7"), none),
            ip("192.168.1.23")
        );
        let proxy = [ip("10.0.0.1")];
        // From the proxy: the rightmost address it did not add itself; what the client wrote
        // further left is not believed.
        assert_eq!(
            client_address(ip("10.0.0.1"), &forwarded("6.6.6.6, 192.168.1.23"), &proxy),
            ip("192.168.1.23")
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &forwarded("192.168.1.23, 10.0.0.1"), &proxy),
            ip("192.168.1.23")
        );
        // Garbage or nothing: the proxy itself.
        assert_eq!(
            client_address(ip("10.0.0.1"), &forwarded("not-an-address"), &proxy),
            ip("10.0.0.1")
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &HeaderMap::new(), &proxy),
            ip("10.0.0.1")
        );
        // Not from the proxy: ignored.
        assert_eq!(
            client_address(ip("192.168.1.9"), &forwarded("192.168.1.23"), &proxy),
            ip("192.168.1.9")
        );
        // IPv4 over IPv6 counts as IPv4; IPv6 by its /64.
        assert_eq!(
            client_address(ip("::ffff:192.168.1.23"), &HeaderMap::new(), none),
            ip("192.168.1.23")
        );
        assert_eq!(
            client_address(ip("2001:db8:1:2:aaaa::5"), &HeaderMap::new(), none),
            ip("2001:db8:1:2::")
        );
        assert_eq!(address_label(ip("2001:db8:1:2::")), "2001:db8:1:2::/64");
    }
}
