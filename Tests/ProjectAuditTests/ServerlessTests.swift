import Foundation
import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// Cloud Run, AWS SAM / CloudFormation and Serverless Framework configurations.
@Suite struct ServerlessTests {
    static func load(_ files: [String: String]) async throws -> Project {
        let folder = try TestProject(files)
        let project = try await ProjectLoader(searchPath: "/nonexistent").load(folder.root.path)
        _ = folder.root
        return project
    }

    static func result(_ type: any StaticCheck.Type, _ project: Project) -> CheckResult {
        ResultAssembler(config: PreflightConfig(), suppressions: project.suppressions).assemble(
            type.description, type.init().run(project))
    }

    static let checks: [any StaticCheck.Type] = [ServerlessTimeout.self, ServerlessMemory.self, ServerlessConcurrency.self]

    @Test func noConfigurationSkips() async throws {
        let project = try await Self.load(["k8s/deployment.yaml": K8sExamples.deployment(), "compose.yaml": "services: {}\n"])
        for type in Self.checks {
            let r = Self.result(type, project)
            #expect(r.status == .skip && r.message == ServerlessSupport.none, "\(r.id): \(r.message)")
        }
    }

    static let samTemplate = """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Stage: {Type: String}
        Conditions:
          IsProd: !Equals [!Ref Stage, prod]
        Globals:
          Function:
            Timeout: 30
            MemorySize: 512
        Resources:
          Api:
            Type: AWS::Serverless::Function
            Properties:
              Role: !GetAtt ApiRole.Arn
              CodeUri: !Sub "s3://${Bucket}/api.zip"
              ReservedConcurrentExecutions: !If [IsProd, 50, 5]
              Environment:
                Variables:
                  TABLE: !Ref Table
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              Timeout: 300
          Legacy:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: python3.12
              Timeout: 10
              ReservedConcurrentExecutions: 2
          Table:
            Type: AWS::DynamoDB::Table

        """

    @Test func samShortFormTagsParseAndGlobalsApply() async throws {
        let project = try await Self.load(["template.yaml": Self.samTemplate])
        #expect(Self.result(FilesParse.self, project).status == .pass)
        let units = ServerlessSupport.units(project)
        #expect(units.map(\.name) == ["Api", "Worker", "Legacy"])
        #expect(units.map(\.platform) == [.sam, .sam, .lambda])
        #expect(units.first?.timeout?.string == "30", "Globals.Function.Timeout")
        #expect(units.dropFirst().first?.timeout?.string == "300", "the function's own value wins")

        #expect(Self.result(ServerlessTimeout.self, project).status == .pass)
        let memory = Self.result(ServerlessMemory.self, project)
        #expect(memory.status == .fail, "Globals do not apply to a plain AWS::Lambda::Function")
        #expect(memory.message.contains("Lambda function `Legacy`"), "\(memory.message)")
        #expect(memory.locations == [Location("template.yaml", line: 26)])
        let concurrency = Self.result(ServerlessConcurrency.self, project)
        #expect(concurrency.status == .fail && concurrency.message.contains("`Worker`"), "\(concurrency.message)")
    }

    @Test func serverlessFrameworkProviderAndFunctions() async throws {
        let yml = """
            service: mcp
            provider:
              name: aws
              timeout: 29
              memorySize: 1024
            functions:
              api:
                handler: app.handler
                reservedConcurrency: 10
              cron:
                handler: app.cron
                timeout: ${self:custom.cronTimeout}
                provisionedConcurrency: 1

            """
        let project = try await Self.load(["serverless.yml": yml])
        for type in Self.checks {
            let r = Self.result(type, project)
            #expect(r.status == .pass, "\(r.id): \(r.message)")
        }
        let partial = yml.replacingOccurrences(of: "    reservedConcurrency: 10\n", with: "")
        let failing = try await Self.load(["serverless.yaml": partial])
        let r = Self.result(ServerlessConcurrency.self, failing)
        #expect(r.status == .fail && r.message.contains("`api`"), "\(r.message)")
    }

    @Test func cloudRunEveryContainerNeedsMemory() async throws {
        let service = ServerlessExamples.cloudRun() + "        - name: sidecar\n          image: otel/collector:0.100.0\n"
        let project = try await Self.load(["deploy/cloudrun/service.yaml": service])
        let r = Self.result(ServerlessMemory.self, project)
        #expect(r.status == .fail && r.message.contains("container `sidecar`"), "\(r.message)")
        #expect(Self.result(ServerlessTimeout.self, project).status == .pass)
    }

    @Test func cloudRunMaxScaleIsAConcurrencyLimit() async throws {
        let service = ServerlessExamples.cloudRun(concurrency: nil).replacingOccurrences(
            of: "  template:\n",
            with: "  template:\n    metadata:\n      annotations:\n        autoscaling.knative.dev/maxScale: '10'\n")
        let project = try await Self.load(["service.yaml": service])
        #expect(Self.result(ServerlessConcurrency.self, project).status == .pass)
    }

    @Test func unrelatedYAMLIsNotServerless() async throws {
        let project = try await Self.load([
            ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n",
            "config/template.yaml": "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",
        ])
        #expect(ServerlessSupport.units(project).isEmpty)
    }
}
