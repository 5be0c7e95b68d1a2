import { apiKey } from 'modules/types.bicep'

metadata description = 'NorseAlerts on Azure: Functions (isolated worker, Durable) on Flex Consumption, Service Bus, Storage, Key Vault and Application Insights, wired with one user-assigned identity.'

targetScope = 'resourceGroup'

@description('Short environment name used in resource names (lower-case letters, digits, dashes), e.g. norse-prod.')
@minLength(3)
@maxLength(16)
param name string

@description('Azure region; defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('Tags applied to every resource.')
param tags object = {}

@description('Service Bus tier (topics need Standard or Premium).')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Recipient roles of the escalation chain; each gets its own filtered subscription on the escalations topic.')
param recipientRoles string[] = [
  'neurology-oncall'
  'neurology-backup'
  'neurocritical-care-attending'
]

@description('How long Service Bus remembers message ids to drop repeats (ISO 8601, at most P7D).')
param duplicateDetectionWindow string = 'P1D'

@description('Deliveries before Service Bus dead-letters a message.')
@minValue(1)
param maxDeliveryCount int = 10

@description('Time to live of an untaken message; on expiry it is dead-lettered (ISO 8601).')
param messageTimeToLive string = 'P14D'

@description('API keys the app accepts; put each secret in the vault as api-key-<name> after the deployment.')
param apiKeys apiKey[]

@description('Ack timeout before an alert escalates (TimeSpan).')
param ackTimeout string = '00:15:00'

@description('Protocol new cases start on.')
@allowed([
  'seed'
  'consensus-2022'
])
param protocol string = 'seed'

@description('Most Flex Consumption instances.')
param maximumInstanceCount int = 40

@description('Memory per instance in MB.')
param instanceMemoryMB int = 2048

@description('Days of log retention.')
param logRetentionDays int = 90

@description('Optional principal (user or group) that manages API key secrets in the vault; empty = none.')
param vaultAdminPrincipalId string = ''

@description('Principal type of vaultAdminPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param vaultAdminPrincipalType string = 'Group'

// Globally unique names are derived from the resource group, so a redeployment hits the same resources.
var suffix = uniqueString(resourceGroup().id)
var compactName = toLower(replace(name, '-', ''))
var appName = 'func-${name}-${take(suffix, 6)}'
var deploymentContainerName = 'app-package'
var identityName = 'id-${name}'
// Named here, not read from the monitoring module, so the app's settings are known before deployment.
var appInsightsName = 'appi-${name}'

module identity 'modules/identity.bicep' = {
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  params: {
    name: name
    appInsightsName: appInsightsName
    location: location
    tags: tags
    retentionInDays: logRetentionDays
    identityName: identityName
    principalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  params: {
    name: 'st${take(compactName, 9)}${take(suffix, 13)}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    identityName: identityName
    principalId: identity.outputs.principalId
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  params: {
    name: 'sb-${name}-${take(suffix, 8)}'
    location: location
    tags: tags
    sku: serviceBusSku
    recipientRoles: recipientRoles
    duplicateDetectionWindow: duplicateDetectionWindow
    maxDeliveryCount: maxDeliveryCount
    messageTimeToLive: messageTimeToLive
    identityName: identityName
    principalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  params: {
    name: 'kv-${take(compactName, 10)}-${take(suffix, 8)}'
    location: location
    tags: tags
    identityName: identityName
    principalId: identity.outputs.principalId
    vaultAdminPrincipalId: vaultAdminPrincipalId
    vaultAdminPrincipalType: vaultAdminPrincipalType
  }
}

module functionApp 'modules/functionapp.bicep' = {
  // The app reads the Application Insights component by name, so it must exist first.
  dependsOn: [
    monitoring
  ]
  params: {
    name: appName
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.accountName
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    appInsightsName: appInsightsName
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    keyVaultName: keyVault.outputs.vaultName
    apiKeys: apiKeys
    ackTimeout: ackTimeout
    protocol: protocol
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

@description('Function App name (for `func azure functionapp publish`).')
output functionAppName string = functionApp.outputs.name

@description('Base URL integration engines and dashboards call.')
output apiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/api'

@description('Fully qualified Service Bus namespace that paging gateways and integration engines connect to.')
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace

@description('Key Vault that holds the API key secrets (api-key-<name>).')
output keyVaultName string = keyVault.outputs.vaultName

@description('Client id of the app identity.')
output identityClientId string = identity.outputs.clientId
