import PreflightCore

/// Every live check, in no particular order (results are sorted by id).
public enum LiveRegistry {
    public static let all: [any LiveCheck.Type] = [
        ProtocolInitialize.self, VersionNegotiation.self, JSONRPCErrors.self, Ping.self, Pagination.self, Capabilities.self,
        Notifications.self, StdoutClean.self,
        ToolSchemaValid.self, ToolNamesValid.self, ToolCount.self, ToolAnnotations.self, ToolOutputSchema.self,
        ToolInvalidInput.self, ToolErrorMasking.self, ToolErrorFlag.self,
        ContextWindow.self, Latency.self, SuccessRate.self, ColdStart.self, Concurrency.self, MemoryGrowth.self,
        StdinClose.self, Sigterm.self, Sigint.self, Restart.self, CrashDuringAudit.self,
        NoSecretLeak.self, StructuredLogs.self, StderrVolume.self, NotificationRate.self,
        ToolDescriptions.self, ResourceURIPatterns.self, EnvValidatedOnStartup.self,
        HTTPTLS.self, HTTPOriginValidation.self, HTTPAuth.self, HTTPHealthEndpoint.self, HTTPRateLimiting.self,
        HTTPSessionID.self, HTTPProtocolVersionHeader.self, HTTPGracefulDrain.self, HTTPTransportCurrent.self,
        ModernDiscover.self, ModernResultType.self, ModernCacheableLists.self, ModernDeterministicTools.self,
        ModernUnsupportedVersion.self, ModernHeaderMismatch.self, ModernLogOptIn.self, ModernServerInfoMeta.self,
        ModernResourceNotFound.self, ModernXMCPHeader.self, ModernMetaVersion.self,
    ]
}
