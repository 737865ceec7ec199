using OscpFleet.Hosting;
using OscpFleet.Silo;

return await ConfigurationErrors.ExitOnInvalidAsync(() => SiloHost.Build(new WebApplicationOptions { Args = args }));
