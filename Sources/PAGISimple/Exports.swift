// A Simple application uses the middleware library's types in its own API (`QueryParameters`,
// `Cookie`) and wraps itself in its middleware (`app.use(CORS())`): one import gives both,
// and the access log formats of `logRequests`.
@_exported public import PAGIMiddleware
@_exported public import PAGIAccessLog
// Rooms and live feeds (WebSocket and SSE routes) publish and subscribe through PubSub.
@_exported public import PAGIPubSub
