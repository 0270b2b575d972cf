-- wrk script for bench/run. One scenario per wrk run, chosen by PT_BENCH_SCENARIO; the ids,
-- paths and tokens come from the Lua data file bench/run writes from seed-bench's manifest
-- (PT_BENCH_DATA). Counts statuses per thread and prints one "PT_RESULT {json}" line at the end.
local scenario = os.getenv("PT_BENCH_SCENARIO") or "healthz"
local data = dofile(os.getenv("PT_BENCH_DATA"))
local nthreads = tonumber(os.getenv("PT_BENCH_THREADS") or "2")

-- Globals, so that done() can read them from each thread with thread:get().
n2xx, n201, n409, nother, first_bad = 0, 0, 0, 0, ""
tid, order_i = 1, 0

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local fixed
function init(args)
  math.randomseed(os.time() * 1000 + tid * 7919)
  local paths = { healthz = "/healthz", catalog = "/catalog", filtered = data.filtered_path }
  if paths[scenario] then fixed = wrk.format("GET", paths[scenario]) end
end

local json_headers = function(v)
  return { ["Authorization"] = "Bearer " .. data.token_prefix .. string.format("%d", v),
           ["Content-Type"] = "application/json" }
end

local dynamic = {
  search = function()
    return wrk.format("GET", data.search_paths[math.random(#data.search_paths)])
  end,
  card = function()
    return wrk.format("GET", string.format("/catalog/%d", math.random(data.card_id_min, data.card_id_max)))
  end,
  api = function()
    return wrk.format("GET", string.format("/api/v1/product-cards?page=%d", math.random(1, data.api_pages)))
  end,
  -- Vouchers are walked in a stride permutation split between the threads, so each voucher
  -- (two 2 500 EUR orders fit in its 5 000 EUR) is used once per pass; 409s start only when
  -- the run places more than 2 x voucher_count orders.
  orders = function()
    local j = (tid - 1) + nthreads * order_i
    order_i = order_i + 1
    local v = data.voucher_id_min + (j * data.voucher_stride) % data.voucher_count
    local card = data.order_card_ids[math.random(#data.order_card_ids)]
    return wrk.format("POST", "/api/v1/orders", json_headers(v),
                      string.format('{"product_card_id":%d,"voucher_id":%d}', card, v))
  end,
}

function request()
  if fixed then return fixed end
  local make = dynamic[scenario]
  if not make then error("unknown scenario " .. scenario) end
  return make()
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    n2xx = n2xx + 1
    if status == 201 then n201 = n201 + 1 end
  elseif status == 409 then
    n409 = n409 + 1
  else
    nother = nother + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 300) end
  end
end

local function json_string(s)
  return '"' .. string.gsub(s, '[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end) .. '"'
end

function done(summary, latency, requests)
  local t = { n2xx = 0, n201 = 0, n409 = 0, nother = 0 }
  local sample = ""
  for _, th in ipairs(threads) do
    for k in pairs(t) do t[k] = t[k] + (th:get(k) or 0) end
    local fb = th:get("first_bad")
    if sample == "" and fb then sample = fb end
  end
  local e = summary.errors
  io.write(string.format(
    'PT_RESULT {"scenario":%s,"duration_us":%d,"requests":%d,"bytes":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d,' ..
    '"n2xx":%d,"n201":%d,"n409":%d,"nother":%d,"sample":%s}\n',
    json_string(scenario), summary.duration, summary.requests, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout,
    t.n2xx, t.n201, t.n409, t.nother, json_string(sample)))
end
