//! kubectl's `-v` request logging on stderr: at 6 one line per request (`GET https://...
//! 200 OK in 3 milliseconds`), at 7 also the request headers (the bearer token masked, as
//! kubectl masks it), at 8 also the response headers.

use http::{Request, Response};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

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

impl<S, B, R> tower_service::Service<Request<B>> for LogService<S>
where
    S: tower_service::Service<Request<B>, Response = Response<R>>,
    S::Future: Send + 'static,
    S::Error: std::fmt::Display,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let line = format!("{} {}{}", request.method(), self.server, request.uri());
        if self.verbosity >= 7 && !request.headers().is_empty() {
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
        let verbosity = self.verbosity;
        let started = Instant::now();
        let future = self.inner.call(request);
        Box::pin(async move {
            let result = future.await;
            let ms = started.elapsed().as_millis();
            match &result {
                Ok(response) => {
                    eprintln!("I {line} {} in {ms} milliseconds", response.status());
                    if verbosity >= 8 {
                        eprintln!("I Response Headers:");
                        for (name, value) in response.headers() {
                            eprintln!("I     {name}: {}", value.to_str().unwrap_or("<binary>"));
                        }
                    }
                }
                Err(e) => eprintln!("I {line}  in {ms} milliseconds: {e}"),
            }
            result
        })
    }
}
