// Each test class brings up its own Azurite, silos and gateways; running them side by side on a 2-core machine
// would only make every one of them slower and their timeouts meaningless.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
