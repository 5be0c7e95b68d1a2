import { apiKey } from 'types.bicep'

metadata description = 'Linux Flex Consumption plan and the .NET isolated Function App, running as the user-assigned identity with identity-based connections only.'

@description('Function App name (globally unique host name).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Storage account for AzureWebJobsStorage and the Durable task hub.')
param storageAccountName string

@description('Blob endpoint of that account.')
param storageBlobEndpoint string

@description('Container of the deployment package.')
param deploymentContainerName string

@description('Application Insights component name.')
param appInsightsName string

@description('Fully qualified Service Bus namespace host name.')
param serviceBusNamespace string

@description('Key Vault holding the API key secrets.')
param keyVaultName string

@description('API keys the app accepts (secrets named api-key-<name> in the vault).')
param apiKeys apiKey[]

@description('Ack timeout before an alert escalates (TimeSpan, e.g. 00:15:00).')
param ackTimeout string

@description('Protocol new cases start on (seed or consensus-2022).')
param protocol string

@description('Most instances the plan scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

var runtimeSettings = [
  // Identity-based host storage: the runtime and the Durable task hub share the account.
  { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
  // Azure.Identity (NorseAlerts.Messaging's CBS token for AMQP) picks the user-assigned identity from here.
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
]

var norseSettings = [
  { name: 'NorseAlerts__Amqp__ConnectionString', value: 'Endpoint=sb://${serviceBusNamespace}/;Authentication=ManagedIdentity;ManagedIdentityClientId=${identityClientId}' }
  { name: 'NorseAlerts__Amqp__Entities__Alerts', value: 'escalations' }
  { name: 'NorseAlerts__Escalation__AckTimeout', value: ackTimeout }
  { name: 'NorseAlerts__Protocol', value: protocol }
]

// Each key is a Key Vault reference resolved by the platform, so no key value passes through a template.
var keySettings = flatten(map(
  apiKeys,
  key =>
    concat(
      [
        {
          name: 'NorseAlerts__ApiKeys__${key.name}'
          value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-key-${key.name})'
        }
      ],
      empty(key.roles) ? [] : [{ name: 'NorseAlerts__Roles__${key.name}', value: key.roles }]
    )
))

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity, not a system one.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: concat(runtimeSettings, norseSettings, keySettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

@description('Function App name.')
output name string = app.name

@description('Default host name: integration engines post to https://<host>/api/events.')
output defaultHostName string = app.properties.defaultHostName
