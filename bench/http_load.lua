-- wrk script of bench/http_load.py: round-robin over the request lines of the file given after `--`,
-- each thread starting at its own offset. A line: PATH[<TAB>Header: value]...
-- At the end, one JSON line on stdout (latency in microseconds as wrk measures it).
local reqs = {}
local idx = 0
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

function init(args)
  for line in io.lines(args[1]) do
    local fields = {}
    for field in line:gmatch("[^\t]+") do table.insert(fields, field) end
    local headers = {}
    for i = 2, #fields do
      local name, value = fields[i]:match("^([^:]+):%s*(.*)$")
      headers[name] = value
    end
    table.insert(reqs, wrk.format("GET", fields[1], headers))
  end
  idx = math.floor(#reqs * ((thread_no or 1) - 1) / 8)
end

function request()
  idx = idx % #reqs + 1
  return reqs[idx]
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
