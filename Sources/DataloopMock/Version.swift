/// The version of dataloop-mock, in one place: `dataloop-mock --version`, `GET /_mock/health`,
/// the OpenAPI document (`dataloop-mock openapi`) and the Python wheel (clients/python/pyproject.toml)
/// all read this line. Keep it a plain string literal on one line.
public let dataloopMockVersion = "0.2.0"
