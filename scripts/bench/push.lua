-- wrk script: replays distinct pre-signed push requests (from koppel-bench sign), each once.
-- Usage: wrk ... -s push.lua URL -- REQUESTS_FILE THREADS READY_FILE [CONTENT_TYPE]
-- READY_FILE: a marker path of the run's own; the first thread's init removes it, the last's makes it.
-- CONTENT_TYPE: application/json unless given (another type is refused before the body is read).
local thread_count = 0

function setup(thread)
   thread:set("thread_index", thread_count)
   thread_count = thread_count + 1
end

function init(args)
   local file, threads = args[1], tonumber(args[2])
   ready_file = args[3]
   local content_type = args[4] or "application/json"
   -- wrk runs the inits one after another, the first thread's first.
   if thread_index == 0 then os.remove(ready_file) end
   requests = {}
   local line_number = 0
   for line in io.lines(file) do
      if line_number % threads == thread_index then
         local timestamp, license, signature, path, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
         requests[#requests + 1] = wrk.format("POST", path, {
            ["Content-Type"] = content_type,
            ["X-Koppel-License"] = license,
            ["X-Koppel-Timestamp"] = timestamp,
            ["X-Koppel-Signature"] = signature,
         }, body)
      end
      line_number = line_number + 1
   end
   next_request = 0
   started = false
   if thread_index == threads - 1 then io.open(ready_file, "w"):close() end
end

-- wrk runs each thread's init in turn and starts the thread right after it, but starts its clock
-- only once every thread has started. Loading a thread's requests takes seconds, so the first
-- thread would push while the next one loads, and those pushes would count in a window that
-- leaves out their time (docs/benchmarks.md, "One index for the orders that need attention").
-- Until the last init is done, each request is put off by 10 ms (wrk asks `delay` before each).
function delay()
   if started then return 0 end
   local ready = io.open(ready_file)
   if not ready then return 10 end
   ready:close()
   started = true
   return 0
end

function request()
   next_request = next_request + 1
   -- Past the end the requests would repeat, and koppel refuses replays: they count as errors.
   if next_request > #requests then next_request = 1 end
   return requests[next_request]
end
