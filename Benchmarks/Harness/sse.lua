-- wrk script: subscribe to /sse as an EventSource does. Each response carries the number of
-- events the URL asks for, so events per second = requests per second x count.
wrk.headers["Accept"] = "text/event-stream"
