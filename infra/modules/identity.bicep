metadata description = 'The user-assigned managed identity the Function App runs as; every data-plane grant goes to it.'

@description('Name of the identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id, for the app\'s identity block and Key Vault references.')
output id string = identity.id

@description('Client id, which the app passes to token credentials (AZURE_CLIENT_ID, __clientId settings).')
output clientId string = identity.properties.clientId

@description('Principal (object) id, the subject of the role assignments.')
output principalId string = identity.properties.principalId
