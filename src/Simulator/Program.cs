using OscpFleet.Simulator;

return await SimulatorProgram.RunAsync(args);
