metadata description = 'Shared parameter types.'

@export()
@description('An API key the app accepts: the secret lives in Key Vault, the app reads it through a Key Vault reference.')
type apiKey = {
  @description('Key name (letters and digits only: it becomes part of an app setting name and a secret name).')
  name: string

  @description('Roles the key grants (comma-separated: ingest, read, ack); empty grants every role.')
  roles: string
}
