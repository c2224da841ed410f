using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Benchgen.Benchmarks.PhysicsBenchmarks).Assembly).Run(args);
