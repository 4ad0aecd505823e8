/// The production checklist's sections, in the order a reader meets them.
public enum Section: String, Sendable, CaseIterable, Codable, Comparable {
    case codeQuality = "code-quality"
    case configuration
    case documentation
    case clientConfiguration = "client-configuration"
    case environment
    case docker
    case `protocol`
    case modernProtocol = "protocol-2026-07-28"
    case performance
    case lifecycle
    case logging
    case httpTransport = "http-transport"
    case security
    case cicd = "ci-cd"
    case kubernetes
    case serverless
    case operations
    case maintenance
    case project

    public var title: String {
        switch self {
        case .codeQuality: return "Code quality"
        case .configuration: return "Configuration"
        case .documentation: return "Documentation"
        case .clientConfiguration: return "Client configuration"
        case .environment: return "Environment"
        case .docker: return "Docker"
        case .protocol: return "Protocol"
        case .modernProtocol: return "Protocol revision 2026-07-28"
        case .performance: return "Performance"
        case .lifecycle: return "Lifecycle"
        case .logging: return "Logging"
        case .httpTransport: return "HTTP transport"
        case .security: return "Security (source)"
        case .cicd: return "CI/CD"
        case .kubernetes: return "Kubernetes"
        case .serverless: return "Serverless"
        case .operations: return "Operations"
        case .maintenance: return "Maintenance"
        case .project: return "Project files"
        }
    }

    public var order: Int { Section.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Section, rhs: Section) -> Bool { lhs.order < rhs.order }
}
