using 'main.bicep'

// Production-shaped defaults; copy this file per environment and change the name.
param name = 'norse-prod'

param tags = {
  app: 'norsealerts'
  environment: 'production'
}

param serviceBusSku = 'Standard'

param recipientRoles = [
  'neurology-oncall'
  'neurology-backup'
  'neurocritical-care-attending'
]

// Secrets are not here: after deployment, set api-key-<name> in the vault (see docs/azure.md).
param apiKeys = [
  {
    name: 'integrationEngine'
    roles: 'ingest'
  }
  {
    name: 'dashboard'
    roles: 'read,ack'
  }
  {
    name: 'pagingGateway'
    roles: 'ack'
  }
]

param ackTimeout = '00:15:00'

param protocol = 'seed'

param maximumInstanceCount = 40

param instanceMemoryMB = 2048
