-- wrk script: citizens who each load the units list, one unit's sessions, one session's
-- slots, and book a seat there, in that order; $BENCH_SESSIONS names a file of
-- "UNIT OCCURRENCE" lines to spread them over (one line: everyone goes for one session).
-- wrk does not say which connection answers, so the answers are told apart by their body;
-- latency is over every request.
local sessions = {}
for line in io.lines (os.getenv ("BENCH_SESSIONS")) do
	local unit, occ = line:match ("^(%S+)%s+(%S+)$")
	sessions[#sessions + 1] = {unit = unit, occ = occ}
end

local threads = {}
local kinds = {"got_units", "got_sessions", "got_slots", "created", "waitlisted", "errors"}

function setup (thread)
	thread:set ("id", #threads + 1)
	threads[#threads + 1] = thread
end

function init (args)
	counter = 0
	for _, k in ipairs (kinds) do
		_G[k] = 0
	end
	refusals = {}
	post_headers = {["Content-Type"] = "application/json"}
end

function request ()
	local step = counter % 4
	-- $BENCH_BASE keeps the people of one run apart from another's (a second booking of a
	-- person for the same session is refused as a duplicate)
	local person = (tonumber (os.getenv ("BENCH_BASE")) or 0) + id * 10000000 +
		math.floor (counter / 4)
	local s = sessions[(person * 7919) % #sessions + 1]
	counter = counter + 1
	if step == 0 then
		return wrk.format ("GET", "/api/v1/units")
	elseif step == 1 then
		return wrk.format ("GET", "/api/v1/units/" .. s.unit .. "/occurrences")
	elseif step == 2 then
		return wrk.format ("GET", "/api/v1/occurrences/" .. s.occ .. "/slots")
	end
	local body = string.format (
		'{"occurrence":"%s","requester":{"kind":"citizen","name":"Người thử %d",' ..
		'"phone":"09%08d","email":"h%d@bench.example.vn"},' ..
		'"topic":{"category":"procedure","summary":"benchmark"},"language":"vi",' ..
		'"consent":true%s}', s.occ, person, person % 100000000, person,
		os.getenv ("BENCH_WAITLIST") and ',"waitlist":true' or "")
	return wrk.format ("POST", "/api/v1/bookings", post_headers, body)
end

function response (status, headers, body)
	if status == 201 then
		if body:find ('"status":"waitlisted"', 1, true) then
			waitlisted = waitlisted + 1
		else
			created = created + 1
		end
	elseif status == 200 and body:find ('"units":[', 1, true) then
		got_units = got_units + 1
	elseif status == 200 and body:find ('"occurrences":', 1, true) then
		got_sessions = got_sessions + 1
	elseif status == 200 and body:find ('"slots":', 1, true) then
		got_slots = got_slots + 1
	elseif status >= 400 and status < 500 then
		local code = body:match ('"code":"([%w_]+)"') or tostring (status)
		refusals[code] = (refusals[code] or 0) + 1
	else
		errors = errors + 1
	end
end

function done (summary, latency, requests)
	local total = {}
	local refused = {}
	for _, k in ipairs (kinds) do
		total[k] = 0
	end
	for _, t in ipairs (threads) do
		for _, k in ipairs (kinds) do
			total[k] = total[k] + t:get (k)
		end
		for code, n in pairs (t:get ("refusals")) do
			refused[code] = (refused[code] or 0) + n
		end
	end
	local codes = {}
	for code, n in pairs (refused) do
		codes[#codes + 1] = code .. ":" .. n
	end
	local e = summary.errors
	io.write (string.format ("RESULT requests=%d seconds=%.3f units=%d sessions=%d slots=%d " ..
		"created=%d waitlisted=%d errors=%d socket_errors=%d p50_ms=%.2f p99_ms=%.2f " ..
		"max_ms=%.2f refusals=%s\n",
		summary.requests, summary.duration / 1e6, total.got_units, total.got_sessions,
		total.got_slots,
		total.created, total.waitlisted, total.errors,
		e.connect + e.read + e.write + e.timeout,
		latency:percentile (50) / 1000, latency:percentile (99) / 1000, latency.max / 1000,
		#codes > 0 and table.concat (codes, ",") or "-"))
end
