//! kubectl's `-v` request logging on stderr: at 6 one line per request (`GET https://...
//! 200 OK in 3 milliseconds`), at 7 also the request headers (the bearer token masked, as
//! kubectl masks it), at 8 also the response headers and both bodies, cut at 1,024
//! characters as kubectl cuts them at that level (at 9 and above: 10,240 characters, and
//! whole at 10). Unlike kubectl, the values of Secrets are masked in bodies too: a debugging
//! flag must not print the cloud-init passwords `apply` sends. Watch streams are never read
//! ahead: their bodies are not logged.

use http::{Request, Response};
use http_body_util::{BodyExt, Either};
use kube::client::Body;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Clone)]
pub struct LogLayer {
    pub verbosity: u8,
    pub server: String,
}

impl<S> tower_layer::Layer<S> for LogLayer {
    type Service = LogService<S>;
    fn layer(&self, inner: S) -> Self::Service {
        LogService {
            inner,
            verbosity: self.verbosity,
            server: self.server.trim_end_matches('/').to_string(),
        }
    }
}

#[derive(Clone)]
pub struct LogService<S> {
    inner: S,
    verbosity: u8,
    server: String,
}

impl<S, R> tower_service::Service<Request<Body>> for LogService<S>
where
    S: tower_service::Service<Request<Body>, Response = Response<R>>,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    R: http_body::Body + Send + 'static,
    R::Data: Send,
    R::Error: Into<BoxError>,
{
    /// A logged response body has been read whole and is handed on from memory; any other
    /// (a watch, or below -v=8) streams through untouched.
    type Response = Response<Either<Body, R>>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let line = format!("{} {}{}", request.method(), self.server, request.uri());
        let verbosity = self.verbosity;
        if verbosity >= 7 && !request.headers().is_empty() {
            eprintln!("I Request Headers:");
            for (name, value) in request.headers() {
                let value = if name == http::header::AUTHORIZATION {
                    "Bearer <masked>".to_string()
                } else {
                    value.to_str().unwrap_or("<binary>").to_string()
                };
                eprintln!("I     {name}: {value}");
            }
        }
        if verbosity >= 8 {
            // Request bodies are built in memory (`Body::from`): a clone reads them without
            // consuming the one that goes out.
            if let Some(bytes) = request
                .body()
                .try_clone()
                .and_then(|b| futures_util::FutureExt::now_or_never(b.collect_bytes()))
                .and_then(Result::ok)
                .filter(|b| !b.is_empty())
            {
                eprintln!("I Request Body: {}", shown_body(&bytes, verbosity));
            }
        }
        let watch = request
            .uri()
            .query()
            .is_some_and(|q| q.split('&').any(|p| p == "watch=true" || p == "watch=1"));
        let started = Instant::now();
        let future = self.inner.call(request);
        Box::pin(async move {
            let result: Result<Response<R>, BoxError> = future.await.map_err(Into::into);
            let ms = started.elapsed().as_millis();
            let response = match result {
                Ok(response) => response,
                Err(e) => {
                    eprintln!("I {line}  in {ms} milliseconds: {e}");
                    return Err(e);
                }
            };
            eprintln!("I {line} {} in {ms} milliseconds", response.status());
            if verbosity < 8 {
                return Ok(response.map(Either::Right));
            }
            eprintln!("I Response Headers:");
            for (name, value) in response.headers() {
                eprintln!("I     {name}: {}", value.to_str().unwrap_or("<binary>"));
            }
            if watch {
                return Ok(response.map(Either::Right));
            }
            let (parts, body) = response.into_parts();
            let bytes = body.collect().await.map_err(Into::into)?.to_bytes();
            eprintln!("I Response Body: {}", shown_body(&bytes, verbosity));
            Ok(Response::from_parts(parts, Either::Left(Body::from(bytes))))
        })
    }
}

/// A body as logged: Secret values masked, cut to kubectl's length for the level.
fn shown_body(bytes: &[u8], verbosity: u8) -> String {
    let text = match serde_json::from_slice::<Value>(bytes) {
        Ok(mut v) => {
            mask_secrets(&mut v);
            v.to_string()
        }
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    };
    let limit = match verbosity {
        0..=8 => 1024,
        9 => 10240,
        _ => usize::MAX,
    };
    let total = text.chars().count();
    if total <= limit {
        return text;
    }
    let cut: String = text.chars().take(limit).collect();
    format!("{cut} [truncated {} chars]", total - limit)
}

/// Replace the values of every Secret's `data` and `stringData` in a JSON body (an object,
/// a list's items, or a status's details) with `***`.
fn mask_secrets(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.get("kind").and_then(Value::as_str) == Some("Secret") {
                for key in ["data", "stringData"] {
                    if let Some(Value::Object(values)) = map.get_mut(key) {
                        for value in values.values_mut() {
                            *value = Value::String("***".into());
                        }
                    }
                }
            }
            for child in map.values_mut() {
                mask_secrets(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_secrets),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_values_are_masked_wherever_a_secret_appears() {
        let list = serde_json::json!({"kind": "List", "items": [
            {"kind": "Secret", "data": {"userdata": "cGFzc3dvcmQ="}, "stringData": {"p": "hunter2"}},
            {"kind": "ConfigMap", "data": {"k": "visible"}},
        ]});
        let shown = shown_body(list.to_string().as_bytes(), 8);
        assert!(
            !shown.contains("cGFzc3dvcmQ=") && !shown.contains("hunter2"),
            "{shown}"
        );
        assert!(shown.contains("visible"), "{shown}");
    }

    #[test]
    fn bodies_are_cut_as_kubectl_cuts_them_per_level() {
        let long = "x".repeat(20_000);
        let at8 = shown_body(long.as_bytes(), 8);
        assert!(at8.starts_with(&"x".repeat(1024)), "{}", at8.len());
        assert!(at8.ends_with(" [truncated 18976 chars]"), "{at8:.40}");
        assert!(shown_body(long.as_bytes(), 9).ends_with(" [truncated 9760 chars]"));
        assert_eq!(shown_body(long.as_bytes(), 10), long);
        assert_eq!(shown_body(b"{\"a\":1}", 8), "{\"a\":1}");
    }
}
