using BenchmarkDotNet.Running;

// `tasks [FILE]` grades the task language on a task-instruction table; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "tasks") return await Benchgen.Benchmarks.TaskBench.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Benchgen.Benchmarks.PhysicsBenchmarks).Assembly).Run(args);
return 0;
