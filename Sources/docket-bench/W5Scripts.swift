/// The Lua scripts W5 gives `wrk`, written into the bench's folder at run time.
///
/// Each `wrk` runs one connection per thread (`-t32 -c32`), so a thread's requests go
/// one after another: an event client can fire accept, complete and rate on a case in
/// that order, and every answer belongs to the request just sent. Each thread keeps its
/// own counts by the status class of the answers; `done` adds them up in wrk's main
/// state and prints one line, `W5RESULT {...}`, with the latency distribution of the
/// whole `wrk` (in microseconds), which the bench reads.
enum W5Scripts {
    /// The parts both scripts share: numbering the threads, counting answers, the result line.
    private static let common = """
        -- Written by docket-bench (W5); see Sources/docket-bench/W5Scripts.swift.
        local threads, counter = {}, 0
        function setup(thread)
          thread:set("id", counter)
          counter = counter + 1
          table.insert(threads, thread)
        end

        ok, refused, failed, out_of_cases, sample = 0, 0, 0, 0, ""
        function count(status, body)
          if status >= 200 and status < 300 then
            ok = ok + 1
          else
            if status >= 400 and status < 500 then refused = refused + 1 else failed = failed + 1 end
            if sample == "" then sample = status .. " " .. string.sub(body or "", 1, 300) end
          end
        end

        function lines(path)
          local list = {}
          for line in io.lines(path) do table.insert(list, line) end
          return list
        end

        function done(summary, latency, requests)
          local totals = {ok = 0, refused = 0, failed = 0, out_of_cases = 0, first = 0, second = 0}
          local samples = {}
          for _, thread in ipairs(threads) do
            for key, _ in pairs(totals) do totals[key] = totals[key] + (tonumber(thread:get(key)) or 0) end
            local s = thread:get("sample")
            if s ~= nil and s ~= "" then table.insert(samples, s) end
          end
          local e = summary.errors
          io.write(string.format(
            'W5RESULT {"requests":%d,"duration_us":%d,"ok":%d,"refused":%d,"failed":%d,' ..
            '"out_of_cases":%d,"first":%d,"second":%d,"socket_errors":%d,"timeouts":%d,' ..
            '"p50_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%d,"sample":"%s"}\\n',
            summary.requests, summary.duration, totals.ok, totals.refused, totals.failed,
            totals.out_of_cases, totals.first, totals.second, e.connect + e.read + e.write, e.timeout,
            math.floor(latency:percentile(50)), math.floor(latency:percentile(99)), latency.max,
            math.floor(latency.mean),
            string.gsub(string.gsub(samples[1] or "", '[%c"\\\\]', " "), "[\\128-\\255]", "")))
        end

        """

    /// The event clients: thread N reads `w5-events-PHASE-N.txt` (the member's token, the
    /// township clerk's token, then one case id a line) and takes each case through
    /// accept and complete (as the member it was dispatched to) and rate (as the clerk),
    /// which closes it. `first` counts the accepts that succeeded.
    static let events =
        common + """
            local cases, index, step, member, clerk = {}, 1, 0, nil, nil
            first, second = 0, 0
            local bodies = {
              '{"event":"accept"}',
              '{"event":"complete","data":{"result":"已办结"}}',
              '{"event":"rate","data":{"rating":1}}',
            }
            function init(args)
              local list = lines(args[1] .. "/w5-events-" .. args[2] .. "-" .. id .. ".txt")
              member = {["Authorization"] = "Bearer " .. list[1], ["Content-Type"] = "application/json"}
              clerk = {["Authorization"] = "Bearer " .. list[2], ["Content-Type"] = "application/json"}
              for i = 3, #list do table.insert(cases, list[i]) end
            end
            function request()
              if index > #cases then
                -- Out of cases: this client stops (the bench reports it), rather than
                -- firing on cases already closed.
                out_of_cases = 1
                wrk.thread:stop()
                return wrk.format("GET", "/healthz")
              end
              local path = "/api/v1/cases/" .. cases[index] .. "/events"
              return wrk.format("POST", path, step == 2 and clerk or member, bodies[step + 1])
            end
            -- The next step is taken when the answer comes, not when the request is made:
            -- wrk calls request() once more in its first thread to check the script, and
            -- sends that request again after a broken connection.
            function response(status, headers, body)
              if out_of_cases == 1 then return end
              count(status, body)
              if status < 300 and step == 0 then first = first + 1 end
              step = step + 1
              if step == 3 then step, index = 0, index + 1 end
            end

            """

    /// The read clients: thread N reads `w5-reads-N.txt` (its clerk's token, the
    /// township, then case ids of the township) and reads, of every four requests,
    /// three case pages (`/cases/ID`, the HTML page with the history's hashes checked)
    /// at random and one overdue list of the township (the first 50, as JSON); a
    /// township without cases, only its list.
    /// `first` counts the case pages answered, `second` the lists.
    static let reads =
        common + """
            local cases, headers, township, n, last = {}, nil, nil, 0, 0
            first, second = 0, 0
            function init(args)
              local list = lines(args[1] .. "/w5-reads-" .. id .. ".txt")
              headers = {["Authorization"] = "Bearer " .. list[1]}
              township = list[2]
              for i = 3, #list do table.insert(cases, list[i]) end
              math.randomseed(id + 1)
            end
            function request()
              n = n + 1
              if n % 4 == 0 or #cases == 0 then
                last = 2
                return wrk.format("GET", "/api/v1/overdue?org=" .. township .. "&limit=50", headers)
              end
              last = 1
              return wrk.format("GET", "/cases/" .. cases[math.random(#cases)], headers)
            end
            function response(status, headers, body)
              count(status, body)
              if status < 300 then
                if last == 1 then first = first + 1 else second = second + 1 end
              end
            end

            """
}
