// The SendGrid API key as a Key Vault secret. Access is by Azure RBAC only (no access policies); the Function App's
// identity gets "Key Vault Secrets User" in functionapp.bicep. The vault stays reachable from public networks
// (RBAC still applies): Flex Consumption cannot resolve Key Vault references to a network-restricted vault.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Key Vault name (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Name of the secret that holds the SendGrid API key.')
param sendGridSecretName string

@secure()
@description('The SendGrid API key.')
param sendGridApiKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Purge protection is left off so that `azd down --purge` can remove a test environment completely; turn it on
    // (it cannot be turned off again) for a production vault.
    publicNetworkAccess: 'Enabled'
  }
}

resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: sendGridSecretName
  properties: {
    value: sendGridApiKey
    contentType: 'SendGrid API key'
  }
}

output name string = vault.name

// Without a version: the app setting's Key Vault reference then follows the newest version of the secret.
output sendGridSecretUri string = sendGridSecret.properties.secretUri
