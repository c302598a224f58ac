public enum ExampleApps {}
