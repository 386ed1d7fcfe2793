/// The integration types the platform offers (`GET /orgs/{id}/availableIntegrations`).
public enum IntegrationType: String, CaseIterable, Sendable {
    case s3, gcs, azureblob
    case keyValue = "key_value"
    case awsSts = "aws-sts"
    case awsCross = "aws-cross"
    case gcpCross = "gcp-cross"
    case gcpWorkloadIdentityFederation = "gcp-workload-identity-federation"
    case privateRegistry = "private-registry"
}
