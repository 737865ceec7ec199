using OscpFleet.Fuzz;
using SharpFuzz;

// fuzz/run.sh: afl-fuzz runs `dotnet OscpFleet.Fuzz.dll <target>`; `--replay <target> <file>...` runs inputs once
// (a crash found by afl-fuzz is replayed this way and then kept as a test).
if (args.Length >= 1 && FuzzTargets.All.TryGetValue(args[^1], out var target) && args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target(buffer.ToArray());
    });
    return 0;
}
if (args.Length >= 3 && args[0] == "--replay" && FuzzTargets.All.TryGetValue(args[1], out var replayed))
{
    foreach (var file in args[2..]) replayed(File.ReadAllBytes(file));
    Console.WriteLine($"{args.Length - 2} inputs of {args[1]}: no exception");
    return 0;
}
Console.Error.WriteLine($"usage: OscpFleet.Fuzz <target> | --replay <target> <file>...; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
return 2;
