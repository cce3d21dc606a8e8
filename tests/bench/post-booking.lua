-- wrk script: every request books a seat for a different person, spread over the sessions
-- listed in the file named by $BENCH_OCCURRENCES (one occurrence id per line).
local occurrences = {}
for line in io.lines (os.getenv ("BENCH_OCCURRENCES")) do
	occurrences[#occurrences + 1] = line
end

local threads = {}
local counter = 0

function setup (thread)
	thread:set ("id", #threads + 1)
	threads[#threads + 1] = thread
end

function init (args)
	created = 0
	refused = 0
	failed = 0
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/json"
end

function request ()
	counter = counter + 1
	local person = id * 1000000 + counter
	local occ = occurrences[(person % #occurrences) + 1]
	local body = string.format (
		'{"occurrence":"%s","requester":{"kind":"citizen","name":"Người thử %d",' ..
		'"phone":"09%08d","email":"p%d@bench.example.vn"},' ..
		'"topic":{"category":"procedure","summary":"benchmark"},"language":"vi","consent":true}',
		occ, person, person, person)
	return wrk.format (nil, "/api/v1/bookings", nil, body)
end

function response (status, headers, body)
	if status == 201 then
		created = created + 1
	elseif status == 409 then
		refused = refused + 1
	else
		failed = failed + 1
	end
end

function done (summary, latency, requests)
	local c, r, f = 0, 0, 0
	for _, t in ipairs (threads) do
		c = c + t:get ("created")
		r = r + t:get ("refused")
		f = f + t:get ("failed")
	end
	io.write (string.format ("RESULT created=%d refused=%d failed=%d requests=%d seconds=%.3f p99_ms=%.2f\n",
		c, r, f, summary.requests, summary.duration / 1e6, latency:percentile (99) / 1000))
end
