using System.Text.Json;
using System.Text.Json.Nodes;
using Benchgen.Physics;

namespace Benchgen.Generation.Grading;

/// <summary>
/// The JSON-lines protocol of <c>benchgen env</c> (one request, one answer per line): reset, step, observe, grade, close
/// over one <see cref="GradingSession"/> — the same stepping core, hand limits and watch as <c>evaluate</c>'s trajectory
/// grading, so stepping a trajectory here ends in the state <c>evaluate</c> reports. Returns 0 after close or end of input,
/// 1 when the benchmark cannot be opened, 2 for a request line over <see cref="MaxLineBytes"/>.
/// </summary>
public static class StepInterface
{
    public const int MaxLineBytes = 1024 * 1024;
    public const int MaxStepsPerRequest = 100_000;

    static readonly JsonSerializerOptions JsonLine = new() { WriteIndented = false };

    /// <summary>Answers requests until close or end of input.</summary>
    public static int Serve(GradingTarget target, Evaluator evaluator, TextReader input, TextWriter output, CancellationToken ct)
    {
        GradingSession session;
        try
        {
            session = evaluator.Open(target, ct).Session;
        }
        catch (BenchmarkUnusableException ex)
        {
            output.WriteLine(new JsonObject { ["ok"] = false, ["error"] = ex.Message }.ToJsonString(JsonLine));
            return 1;
        }
        using var model = session.Model;
        while (!ct.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = BoundedLine(input);
            }
            catch (InvalidDataException ex)
            {
                output.WriteLine(Error(ex.Message));
                output.Flush();
                return 2;
            }
            if (line is null) break;
            if (line.Trim().Length == 0) continue;
            JsonObject answer;
            var close = false;
            try
            {
                var request = JsonNode.Parse(line, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject
                              ?? throw new FormatException("a request is a JSON object with an \"op\"");
                var op = request["op"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
                switch (op)
                {
                    case "reset":
                        session.Reset();
                        answer = Ok(session.Observe());
                        answer["timestep"] = session.Model.Timestep;
                        answer["benchmark"] = target.Benchmark;
                        answer["seed"] = target.Seed;
                        break;
                    case "step":
                        Step(session, request);
                        answer = Ok(session.Observe());
                        break;
                    case "observe":
                        answer = Ok(session.Observe());
                        break;
                    case "grade":
                        answer = new JsonObject { ["ok"] = true, ["evaluation"] = Evaluator.Conclude(target, session).ToJson() };
                        break;
                    case "close":
                        answer = new JsonObject { ["ok"] = true };
                        close = true;
                        break;
                    default:
                        throw new FormatException($"unknown op '{SolutionReader.Shown(op)}' (reset, step, observe, grade, close)");
                }
            }
            catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or MujocoException)
            {
                answer = new JsonObject { ["ok"] = false, ["error"] = ex.Message };
            }
            output.WriteLine(answer.ToJsonString(JsonLine));
            output.Flush();
            if (close) break;
        }
        return 0;
    }

    static void Step(GradingSession session, JsonObject request)
    {
        var steps = request["steps"] is JsonValue sv && sv.TryGetValue<int>(out var n) ? n : request["steps"] is null ? 1 : -1;
        if (steps is < 1 or > MaxStepsPerRequest) throw new FormatException($"steps must be an integer from 1 to {MaxStepsPerRequest}");
        var commands = new List<HandSetpoint>();
        var action = request["action"] as JsonObject;
        if (action?["hand"] is JsonArray hand)
        {
            if (hand.Count > 64) throw new FormatException("at most 64 hand commands");
            // Read through the trajectory schema, so the step interface takes exactly what a trajectory set-point takes.
            var points = new JsonArray(hand.Select(h => (JsonNode?)(h is JsonObject o ? WithTime(o, session.Time) : h?.DeepClone())).ToArray());
            var parsed = SolutionReader.Parse(new JsonObject { ["kind"] = "trajectory", ["duration"] = 60, ["setpoints"] = points }.ToJsonString());
            commands.AddRange(((TrajectorySolution)parsed).Setpoints);
        }
        else if (action?["hand"] is not null) throw new FormatException("action.hand is a list of {subject, force, torque} or {subject, effort}");
        session.Hold(commands);
        session.Advance(steps * session.Model.Timestep - 1e-9 * session.Model.Timestep);
    }

    static JsonObject WithTime(JsonObject o, double time)
    {
        var copy = (JsonObject)o.DeepClone();
        copy["t"] = Math.Min(60, Math.Max(0, Math.Round(time, 6)));
        return copy;
    }

    static JsonObject Ok(JsonObject observation) => new() { ["ok"] = true, ["observation"] = observation };

    static string Error(string message) => new JsonObject { ["ok"] = false, ["error"] = message }.ToJsonString(JsonLine);

    /// <summary>One line of at most <see cref="MaxLineBytes"/> characters; null at end of input.</summary>
    static string? BoundedLine(TextReader input)
    {
        var buffer = new System.Text.StringBuilder();
        while (true)
        {
            var c = input.Read();
            if (c < 0) return buffer.Length == 0 ? null : buffer.ToString();
            if (c == '\n') return buffer.ToString();
            if (buffer.Length >= MaxLineBytes) throw new InvalidDataException($"a request line is longer than {MaxLineBytes} characters");
            buffer.Append((char)c);
        }
    }
}
