using BenchmarkDotNet.Running;

// `tasks [FILE]` grades the task language on a task-instruction table; `throughput` measures the batch; `grading [FILE]`
// the grader; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "tasks") return await Benchgen.Benchmarks.TaskBench.RunAsync(args[1..]);
// `throughput [FILE] [--repeat N]`: accepted/min of the embedded batch and CPU seconds per benchmark by stage.
if (args.Length > 0 && args[0] == "throughput") return await Benchgen.Benchmarks.ThroughputBench.RunAsync(args[1..]);
// `grading [FILE]` measures grading: reference success on presets + the task table, random baseline per family, CPU per evaluate.
if (args.Length > 0 && args[0] == "grading") return await Benchgen.Benchmarks.GradingBench.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Benchgen.Benchmarks.PhysicsBenchmarks).Assembly).Run(args);
return 0;
