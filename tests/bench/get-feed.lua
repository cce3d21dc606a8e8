-- wrk script: GET a feed, with If-None-Match when $BENCH_ETAG is set; prints one line
local etag = os.getenv ("BENCH_ETAG")
if etag ~= nil and etag ~= "" then
	wrk.headers["If-None-Match"] = etag
end

function done (summary, latency, requests)
	io.write (string.format ("RESULT requests=%d seconds=%.3f p99_ms=%.2f errors=%d\n",
		summary.requests, summary.duration / 1e6, latency:percentile (99) / 1000,
		summary.errors.status + summary.errors.connect + summary.errors.read +
		summary.errors.write + summary.errors.timeout))
end
