/// Building blocks of the serverless checks' examples.
enum ServerlessExamples {
    static func cloudRun(timeout: String? = "300", concurrency: String? = "40", memory: String? = "512Mi") -> String {
        var out = """
            apiVersion: serving.knative.dev/v1
            kind: Service
            metadata:
              name: mcp
            spec:
              template:
                spec:

            """
        if let concurrency { out += "      containerConcurrency: \(concurrency)\n" }
        if let timeout { out += "      timeoutSeconds: \(timeout)\n" }
        out += "      containers:\n        - image: europe-docker.pkg.dev/acme/mcp/server:1.4.2\n"
        if let memory { out += "          resources:\n            limits:\n              memory: \(memory)\n" }
        return out
    }

    static func sam(globals: String = "", properties: String = "") -> String {
        var out = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"
        if !globals.isEmpty { out += "Globals:\n  Function:\n" + indent(globals, 4) }
        out += """
            Resources:
              McpFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  Role: !GetAtt McpRole.Arn
                  CodeUri: !Sub "s3://${ArtifactBucket}/mcp.zip"

            """
        return out + indent(properties, 6)
    }

    static func serverlessYML(provider: String = "", function: String = "") -> String {
        "service: mcp\nprovider:\n  name: aws\n  runtime: python3.12\n" + indent(provider, 2)
            + "functions:\n  mcp:\n    handler: app.handler\n" + indent(function, 4)
    }

    static func indent(_ text: String, _ spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n").map { pad + $0 + "\n" }.joined()
    }
}
