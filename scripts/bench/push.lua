-- wrk script: replays distinct pre-signed push requests (from koppel-bench sign), each once.
-- Usage: wrk ... -s push.lua URL -- REQUESTS_FILE THREADS
local thread_count = 0

function setup(thread)
   thread:set("thread_index", thread_count)
   thread_count = thread_count + 1
end

function init(args)
   local file, threads = args[1], tonumber(args[2])
   requests = {}
   local line_number = 0
   for line in io.lines(file) do
      if line_number % threads == thread_index then
         local timestamp, license, signature, path, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
         requests[#requests + 1] = wrk.format("POST", path, {
            ["Content-Type"] = "application/json",
            ["X-Koppel-License"] = license,
            ["X-Koppel-Timestamp"] = timestamp,
            ["X-Koppel-Signature"] = signature,
         }, body)
      end
      line_number = line_number + 1
   end
   next_request = 0
end

function request()
   next_request = next_request + 1
   -- Past the end the requests would repeat, and koppel refuses replays: they count as errors.
   if next_request > #requests then next_request = 1 end
   return requests[next_request]
end
