-- wrk script: every request books a seat for a different person, spread over the sessions
-- listed in the file named by $BENCH_OCCURRENCES (one occurrence id per line).
-- $BENCH_PERSON_BASE shifts the people's numbers (so that a second run is new people), and
-- BENCH_NO_EMAIL=1 books without an email address (no message is queued).
local occurrences = {}
for line in io.lines (os.getenv ("BENCH_OCCURRENCES")) do
	occurrences[#occurrences + 1] = line
end

local threads = {}
local counter = 0
local base = tonumber (os.getenv ("BENCH_PERSON_BASE") or "0")
local email = os.getenv ("BENCH_NO_EMAIL") == nil

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
	local person = base + id * 1000000 + counter
	local occ = occurrences[(person % #occurrences) + 1]
	local contact = string.format ('"phone":"09%08d"', person)
	if email then
		contact = contact .. string.format (',"email":"p%d@bench.example.vn"', person)
	end
	local body = string.format (
		'{"occurrence":"%s","requester":{"kind":"citizen","name":"Người thử %d",%s},' ..
		'"topic":{"category":"procedure","summary":"benchmark"},"language":"vi","consent":true}',
		occ, person, contact)
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
