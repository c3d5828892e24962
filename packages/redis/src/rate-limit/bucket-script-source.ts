/**
 * The bucket arithmetic of core's `bucket-state.ts`, in Lua, so that Redis applies it
 * atomically for every instance. It is a line-by-line port: the same operations in the
 * same order on the same IEEE doubles, so Redis answers exactly as the memory backend does
 * (a property test checks this on random operation sequences). Numbers cross the wire as
 * `%.17g` strings, which round-trip doubles exactly (Lua's `tostring` keeps only 14
 * digits, and integer replies would truncate).
 *
 * KEYS[1] is the window-id sequence, KEYS[2..] the buckets. ARGV: op, now, bucket count,
 * then 13 values per bucket: limit, windowMs, continuous (0/1), burst, and nine
 * operation-specific values. Each bucket is one string key holding its state (`limit,used,…,debited`). Every operation loads,
 * mutates and saves every bucket it names
 * (advancing a bucket is a change too), deleting buckets back at their fresh state.
 * The reply starts with a status and three values, then one state string per bucket, then
 * one window id per bucket ("" when none).
 */
export const BUCKET_SCRIPT = `
local EPS = 1e-9
local TOL = 1000
local STRIDE = 13
local op = ARGV[1]
local now = tonumber(ARGV[2])
local count = tonumber(ARGV[3])

local function fmt(x)
  if x == nil then return "" end
  return string.format("%.17g", x)
end
local function num(s)
  if s == nil or s == false or s == "" then return nil end
  return tonumber(s)
end

local function nextWindowId()
  -- Seeded from the clock once, so ids stay unique even after Redis lost its data.
  if redis.call("EXISTS", KEYS[1]) == 0 then redis.call("SET", KEYS[1], fmt(math.floor(now))) end
  return redis.call("INCR", KEYS[1])
end

local function bucketAt(i)
  local base = 3 + (i - 1) * STRIDE
  local b = {
    key = KEYS[i + 1],
    limit = tonumber(ARGV[base + 1]),
    windowMs = tonumber(ARGV[base + 2]),
    continuous = ARGV[base + 3] == "1",
    burst = tonumber(ARGV[base + 4]),
    a = {},
  }
  for j = 1, 9 do b.a[j] = ARGV[base + 4 + j] end
  return b
end

local function fresh(b)
  return { limit = b.limit, used = 0, we = nil, wid = 0, aa = now, au = 0, tk = b.burst, ra = now, bu = 0, db = 0 }
end

local function load(b)
  local text = redis.call("GET", b.key)
  if text == false then return fresh(b), false end
  local f, i = {}, 1
  for field in string.gmatch(text .. ",", "([^,]*),") do
    f[i] = field
    i = i + 1
  end
  return { limit = num(f[1]), used = num(f[2]), we = num(f[3]), wid = num(f[4]), aa = num(f[5]),
    au = num(f[6]), tk = num(f[7]), ra = num(f[8]), bu = num(f[9]), db = num(f[10]) or 0 }, true
end

local function stateString(s)
  return table.concat({ fmt(s.limit), fmt(s.used), fmt(s.we), fmt(s.wid), fmt(s.aa), fmt(s.au),
    fmt(s.tk), fmt(s.ra), fmt(s.bu), fmt(s.db) }, ",")
end

local function pristine(s, b)
  if s.bu ~= 0 or s.limit ~= b.limit then return false end
  if b.continuous then return s.tk >= b.burst end
  return s.we == nil
end

-- Stores the state (its reply string, so numbers are formatted once) or, when it is back
-- at its fresh state, deletes it. Returns the state string.
local function save(s, b)
  local text = stateString(s)
  if pristine(s, b) then
    redis.call("DEL", b.key)
    return text
  end
  -- Kept until it would be fresh again, plus a window; never longer than a week.
  local until_ = math.max(s.we or now, s.bu)
  if b.continuous and s.limit > 0 and s.tk < b.burst then
    until_ = math.max(until_, now + ((b.burst - s.tk) * b.windowMs) / s.limit)
  end
  local ttl = math.min(until_ - now + b.windowMs, 604800000)
  redis.call("SET", b.key, text, "PX", math.max(1000, math.floor(ttl)))
  return text
end

local function advance(s, b)
  if b.continuous then
    local elapsed = math.max(0, now - s.ra)
    s.tk = math.min(b.burst, s.tk + (elapsed * s.limit) / b.windowMs)
    s.ra = now
  elseif s.we ~= nil and now >= s.we then
    s.we = nil
    s.used = 0
    s.db = 0
  end
  if s.bu <= now then s.bu = 0 end
end

local function openWindow(s, b)
  if s.we ~= nil then return end
  s.we = now + b.windowMs
  s.wid = nextWindowId()
  s.used = 0
  s.aa = now
  s.au = 0
  s.db = 0
end

local function allowance(s, b)
  local span = (s.we or now) - s.aa
  if span <= 0 then return s.limit end
  local paced = s.au + b.burst + ((now - s.aa) * (s.limit - s.au)) / span
  return math.min(s.limit, paced)
end

local function waitMs(s, b, cost)
  local blocked = math.max(0, s.bu - now)
  if cost <= 0 then return blocked end
  local wait
  if s.limit <= 0 then
    if s.we == nil then wait = b.windowMs else wait = s.we - now end
  elseif b.continuous then
    local needed = math.min(cost, b.burst)
    if s.tk + EPS >= needed then wait = 0 else wait = ((needed - s.tk) * b.windowMs) / s.limit end
  else
    openWindow(s, b)
    local we = s.we
    if s.used + cost > s.limit + EPS then
      if s.used == 0 then wait = 0 else wait = we - now end
    elseif s.used + cost <= allowance(s, b) + EPS then
      wait = 0
    else
      local needed = s.used + cost - s.au - b.burst
      local at = s.aa + (needed * (we - s.aa)) / (s.limit - s.au)
      wait = math.min(at, we) - now
    end
  end
  if wait <= EPS then wait = 0 else wait = math.ceil(wait - EPS) end
  return math.max(blocked, wait)
end

local function take(s, b, cost)
  if b.continuous then
    s.tk = s.tk - cost
    return nil
  end
  openWindow(s, b)
  s.used = s.used + cost
  return s.wid
end

local function refund(s, b, cost, wid)
  if b.continuous then
    s.tk = math.min(b.burst, s.tk + cost)
    return
  end
  if wid ~= s.wid or s.we == nil then return end
  s.used = math.max(0, s.used - cost)
end

local function observe(s, b, limit, remaining, resetAt, blockedUntil)
  if blockedUntil ~= nil and blockedUntil > now then s.bu = math.max(s.bu, blockedUntil) end
  local replan = false
  if limit ~= nil and limit ~= s.limit then
    s.limit = math.max(0, limit)
    replan = true
  end
  if b.continuous then
    if remaining ~= nil then s.tk = math.min(s.tk, remaining) end
    return
  end
  if resetAt ~= nil and resetAt <= now then return end
  local platformUsed = nil
  if remaining ~= nil then platformUsed = math.max(0, s.limit - remaining) end
  if resetAt == nil and platformUsed ~= nil then openWindow(s, b) end
  if resetAt ~= nil then
    local same = s.we ~= nil and math.abs(resetAt - s.we) <= TOL
    if not same then
      s.we = resetAt
      s.wid = nextWindowId()
      s.used = platformUsed or 0
      s.db = 0
      replan = true
    else
      s.we = resetAt
    end
  end
  if platformUsed ~= nil and platformUsed > s.used then
    s.used = platformUsed
    replan = true
  end
  if replan and s.we ~= nil then
    s.aa = now
    s.au = s.used
  end
end

-- Merges a state another instance remembered (after Redis lost its data or was out of
-- reach): the most cautious of both wins, so budgets resynchronise instead of refilling.
-- Units debited since (each instance's grants during the outage, field db) come on top of
-- whichever remembered state wins: instances write back in any order.
local function restore(s, b, a, exists)
  local r = { limit = num(a[1]), used = num(a[2]), we = num(a[3]), wid = num(a[4]), aa = num(a[5]),
    au = num(a[6]), tk = num(a[7]), ra = num(a[8]), bu = num(a[9]), db = 0 }
  advance(r, b)
  if not exists then
    for k, v in pairs(r) do s[k] = v end
    return
  end
  s.bu = math.max(s.bu, r.bu)
  s.limit = math.min(s.limit, r.limit)
  if b.continuous then
    s.tk = math.min(s.tk + s.db, r.tk) - s.db
    return
  end
  if r.we == nil then return end
  if s.we == nil then
    s.we = r.we; s.wid = r.wid; s.used = r.used; s.aa = r.aa; s.au = r.au; s.db = 0
    return
  end
  if math.abs(r.we - s.we) <= TOL then
    if r.used <= s.used - s.db then return end
    s.used = r.used + s.db
  else
    -- Two different windows: the one ending first is the platform's older, real one, and
    -- whatever was spent in either was spent within it.
    if r.we < s.we then s.we = r.we; s.wid = r.wid end
    s.used = s.used + r.used
  end
  s.aa = now
  s.au = s.used
end

local buckets, states = {}, {}
for i = 1, count do
  buckets[i] = bucketAt(i)
  local state, exists = load(buckets[i])
  states[i] = state
  advance(states[i], buckets[i])
  buckets[i].exists = exists
end

local status, r1, r2, r3 = "1", "", "", ""
local wids = {}
if op == "acquire" then
  local longest, binding, blocked = 0, nil, false
  for i = 1, count do
    local wait = waitMs(states[i], buckets[i], tonumber(buckets[i].a[1]))
    if wait > longest then
      longest = wait
      binding = i
      blocked = states[i].bu - now >= wait
    end
  end
  if binding ~= nil then
    status = "0"
    r1 = fmt(longest)
    if blocked then r2 = "retry-after" else r2 = "budget" end
    r3 = tostring(binding)
  elseif ARGV[4 + STRIDE * count] ~= "dry" then
    for i = 1, count do wids[i] = take(states[i], buckets[i], tonumber(buckets[i].a[1])) end
  end
elseif op == "refund" or op == "debit" then
  for i = 1, count do
    local cost = tonumber(buckets[i].a[1])
    if op == "refund" then
      refund(states[i], buckets[i], cost, num(buckets[i].a[2]))
    elseif buckets[i].continuous then
      states[i].tk = states[i].tk - cost
      states[i].db = states[i].db + cost
    else
      openWindow(states[i], buckets[i])
      states[i].used = states[i].used + cost
      states[i].db = states[i].db + cost
    end
  end
elseif op == "observe" then
  for i = 1, count do
    local a = buckets[i].a
    observe(states[i], buckets[i], num(a[1]), num(a[2]), num(a[3]), num(a[4]))
  end
elseif op == "restore" then
  for i = 1, count do restore(states[i], buckets[i], buckets[i].a, buckets[i].exists) end
elseif op ~= "inspect" then
  return redis.error_reply("unknown bucket operation " .. tostring(op))
end

local reply = { status, r1, r2, r3 }
for i = 1, count do reply[#reply + 1] = save(states[i], buckets[i]) end
for i = 1, count do reply[#reply + 1] = fmt(wids[i]) end
return reply
`;
