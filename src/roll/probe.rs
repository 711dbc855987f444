//! Health probes of a VMI's address (`--probe tcp:PORT`, `--probe http:PORT/PATH`): the
//! driver runs them and feeds the result to the planner as part of "Ready"; the planner never
//! does I/O.

use super::RollError;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long one probe may take: a guest that answers slower is not healthy yet.
pub const TIMEOUT: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Probe {
    /// A TCP connection to the port is accepted.
    Tcp { port: u16 },
    /// `GET /path` on the port answers 2xx or 3xx.
    Http { port: u16, path: String },
}

impl std::str::FromStr for Probe {
    type Err = RollError;
    fn from_str(s: &str) -> Result<Self, RollError> {
        let bad = || {
            RollError::Usage(format!(
                "--probe {s:?}: expected tcp:PORT or http:PORT/PATH (e.g. tcp:22, http:8080/healthz)"
            ))
        };
        let (kind, rest) = s.split_once(':').ok_or_else(bad)?;
        match kind {
            "tcp" => Ok(Probe::Tcp {
                port: rest.parse().map_err(|_| bad())?,
            }),
            "http" => {
                let (port, path) = match rest.split_once('/') {
                    Some((p, path)) => (p, format!("/{path}")),
                    None => (rest, "/".to_string()),
                };
                Ok(Probe::Http {
                    port: port.parse().map_err(|_| bad())?,
                    path,
                })
            }
            _ => Err(bad()),
        }
    }
}

impl Probe {
    /// Probe `ip`; false on refusal, timeout or a bad answer.
    pub async fn check(&self, ip: &str) -> bool {
        tokio::time::timeout(TIMEOUT, self.check_inner(ip))
            .await
            .unwrap_or(false)
    }

    async fn check_inner(&self, ip: &str) -> bool {
        let port = match self {
            Probe::Tcp { port } | Probe::Http { port, .. } => *port,
        };
        // An IPv6 address needs brackets in a socket address.
        let addr = if ip.contains(':') {
            format!("[{ip}]:{port}")
        } else {
            format!("{ip}:{port}")
        };
        let Ok(mut conn) = TcpStream::connect(&addr).await else {
            return false;
        };
        let Probe::Http { path, .. } = self else {
            return true;
        };
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: kubectl-vmmigrate-probe\r\nConnection: close\r\n\r\n"
        );
        if conn.write_all(req.as_bytes()).await.is_err() {
            return false;
        }
        let mut buf = [0u8; 64];
        let mut got = 0;
        while got < 12 {
            match conn.read(&mut buf[got..]).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n,
            }
        }
        // "HTTP/1.x NNN": the status code's first digit.
        let head = String::from_utf8_lossy(&buf[..got]);
        head.starts_with("HTTP/")
            && matches!(
                head.split(' ').nth(1).and_then(|c| c.chars().next()),
                Some('2' | '3')
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tcp_and_http_and_refuses_the_rest() {
        assert_eq!(
            "tcp:22".parse::<Probe>().ok(),
            Some(Probe::Tcp { port: 22 })
        );
        assert_eq!(
            "http:8080/healthz".parse::<Probe>().ok(),
            Some(Probe::Http {
                port: 8080,
                path: "/healthz".into()
            })
        );
        assert_eq!(
            "http:80".parse::<Probe>().ok(),
            Some(Probe::Http {
                port: 80,
                path: "/".into()
            })
        );
        for bad in ["tcp", "tcp:x", "udp:53", "http:99999/x", ""] {
            assert!(bad.parse::<Probe>().is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn checks_a_local_listener() {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = l.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((mut c, _)) = l.accept().await {
                let mut b = [0u8; 256];
                let n = c.read(&mut b).await.unwrap_or(0);
                let ok = String::from_utf8_lossy(&b[..n]).starts_with("GET /ok ");
                let code = if ok { "200 OK" } else { "503 Unavailable" };
                let _ = c
                    .write_all(format!("HTTP/1.1 {code}\r\n\r\n").as_bytes())
                    .await;
            }
        });
        assert!(Probe::Tcp { port }.check("127.0.0.1").await);
        assert!(
            Probe::Http {
                port,
                path: "/ok".into()
            }
            .check("127.0.0.1")
            .await
        );
        assert!(
            !Probe::Http {
                port,
                path: "/bad".into()
            }
            .check("127.0.0.1")
            .await
        );
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let cport = closed.local_addr().unwrap().port();
        drop(closed);
        assert!(!Probe::Tcp { port: cport }.check("127.0.0.1").await);
    }
}
