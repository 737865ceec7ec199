// Every test class shares one in-process cluster and its one fake product clock: run them one after the other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
