using OscpFleet.Cli;

return await OscpFleetCli.RunAsync(args, new CliConsole(Console.Out, Console.Error, Environment.GetEnvironmentVariable));
