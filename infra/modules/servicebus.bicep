metadata description = 'Service Bus namespace: topic escalations (one filtered subscription per recipient role, plus audit) and queues clinical-events and alert-acks. Managed identity access only.'

@description('Namespace name (globally unique).')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Namespace tier; topics need Standard or Premium.')
@allowed([
  'Standard'
  'Premium'
])
param sku string

@description('Recipient roles of the escalation chain; each gets a subscription that only sees its own pages.')
param recipientRoles string[]

@description('How long the topic remembers message ids to drop a repeated page (ISO 8601 duration, at most 7 days).')
param duplicateDetectionWindow string

@description('Deliveries before a message goes to the dead-letter queue.')
@minValue(1)
param maxDeliveryCount int

@description('Time to live of a message that nobody takes (ISO 8601 duration); it is dead-lettered, not dropped.')
param messageTimeToLive string

@description('Name of the app identity; role assignment names derive from it so they are known before deployment.')
param identityName string

@description('Principal id of the app identity: sends pages to the topic, receives from both queues.')
param principalId string

var dataSenderRoleId = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
var dataReceiverRoleId = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
  }
  properties: {
    minimumTlsVersion: '1.2'
    // No SAS keys: every client (this app, integration engines, paging gateways) uses Entra identities.
    disableLocalAuth: true
  }
}

resource escalations 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = {
  parent: namespace
  name: 'escalations'
  properties: {
    // A page's message-id is alertId:level:repeat, so a retried send is dropped here.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    defaultMessageTimeToLive: messageTimeToLive
    supportOrdering: true
  }
}

resource roleSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = [
  for role in recipientRoles: {
    parent: escalations
    name: role
    properties: {
      maxDeliveryCount: maxDeliveryCount
      defaultMessageTimeToLive: messageTimeToLive
      deadLetteringOnMessageExpiration: true
      deadLetteringOnFilterEvaluationExceptions: true
    }
  }
]

// Adding a rule through the resource manager replaces the implicit catch-all $Default rule, so a role's
// subscription sees only pages whose recipientRole application property names that role.
resource roleFilters 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2026-01-01' = [
  for (role, i) in recipientRoles: {
    parent: roleSubscriptions[i]
    name: 'recipient-role'
    properties: {
      filterType: 'SqlFilter'
      sqlFilter: {
        sqlExpression: 'recipientRole = \'${role}\''
      }
    }
  }
]

resource audit 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = {
  parent: escalations
  name: 'audit'
  properties: {
    maxDeliveryCount: maxDeliveryCount
    defaultMessageTimeToLive: messageTimeToLive
    deadLetteringOnMessageExpiration: true
  }
}

// The audit trail keeps every page: 1=1 is the TrueFilter.
resource auditFilter 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2026-01-01' = {
  parent: audit
  name: 'all-pages'
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: {
      sqlExpression: '1=1'
    }
  }
}

resource queues 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = [
  for queue in ['clinical-events', 'alert-acks']: {
    parent: namespace
    name: queue
    properties: {
      maxDeliveryCount: maxDeliveryCount
      defaultMessageTimeToLive: messageTimeToLive
      deadLetteringOnMessageExpiration: true
      // Integration engines retry; the ingest path is idempotent on source+id, and so is the broker.
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    }
  }
]

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(escalations.id, identityName, dataSenderRoleId)
  scope: escalations
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSenderRoleId)
  }
}

resource receivers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queue, i) in ['clinical-events', 'alert-acks']: {
    name: guid(queues[i].id, identityName, dataReceiverRoleId)
    scope: queues[i]
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataReceiverRoleId)
    }
  }
]

@description('Fully qualified namespace host name, for identity-based connections (ServiceBusConnection__fullyQualifiedNamespace).')
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]

@description('Namespace name.')
output namespaceName string = namespace.name
