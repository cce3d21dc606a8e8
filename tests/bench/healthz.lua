-- wrk script: GET /healthz, printing the figures on one line
function done (summary, latency, requests)
	io.write (string.format ("RESULT requests=%d seconds=%.3f p99_ms=%.2f errors=%d\n",
		summary.requests, summary.duration / 1e6, latency:percentile (99) / 1000,
		summary.errors.status + summary.errors.connect + summary.errors.read +
		summary.errors.write + summary.errors.timeout))
end
