import PreflightCore

/// Every static check, in no particular order (results are sorted by id).
public enum StaticRegistry {
    public static let all: [any StaticCheck.Type] = [
        FilesParse.self, HardcodedSecret.self,
        // Docker
        DockerMultiStage.self, DockerNonRootUser.self, DockerHealthcheck.self, DockerIgnore.self,
        DockerBaseImagePinned.self, DockerFrozenInstall.self, DockerBytecode.self, DockerNoSecrets.self,
        DockerExecFormVariables.self, ComposeLimits.self, ComposeRestart.self,
        // Configuration, client configuration, environment
        ConfigLockfile.self, ConfigPythonVersionFile.self, ConfigRequiresPython.self, ConfigDependenciesPinned.self,
        ConfigDevDependenciesSeparated.self, ConfigEntryPoint.self,
        ClientAbsolutePaths.self, ClientUVDirectory.self, ClientEnvStrings.self, ClientCommandExists.self,
        ClientPortablePaths.self,
        EnvExampleFile.self, EnvDotenvNotCommitted.self,
        // Code quality and security (Python source)
        TestsPresent.self, StdoutWrites.self, LoggingStderr.self, ToolInputModels.self,
        SQLInjection.self, PathTraversal.self, ShellInjection.self, ErrorMaskingConfig.self,
        // Documentation
        ReadmeSetup.self, ConfigExample.self, Troubleshooting.self, EnvVarsDocumented.self,
        // Operations
        Changelog.self, RollbackDocumented.self, Runbook.self, Monitoring.self,
        StagingVerified.self, TeamTrained.self, RollbackTested.self, PostDeployReview.self, StabilitySoak.self,
        // Kubernetes
        K8sReplicas.self, K8sService.self, K8sConfigMap.self, K8sSecrets.self, K8sResources.self, K8sProbes.self,
        K8sHPA.self, K8sPDB.self, K8sNetworkPolicy.self, K8sNonRoot.self, K8sImagePinned.self,
        // Serverless
        ServerlessTimeout.self, ServerlessMemory.self, ServerlessConcurrency.self,
        // CI/CD
        CIPipelineExists.self, CITests.self, CILint.self, CITypecheck.self, CIFrozenSync.self, CISecurityScan.self,
        CIDockerBuild.self,
    ]
}
