//! The DynamoDB backend: the [`Table`] contract on one DynamoDB table.
//!
//! The contract is DynamoDB's own shape, so this is a thin translation: items convert to attribute
//! values with `serde_dynamo`, conditions become condition expressions, and transactions become one
//! `TransactWriteItems` call, whose cancellation reasons tell which write's condition failed. The table is
//! `pk`/`sk` (strings) with one sparse global secondary index `gsi1` on `gsi1pk`/`gsi1sk`, projecting
//! every attribute; [`DynamoTable::create_table`] makes it for tests and local runs (Terraform makes it
//! on AWS).

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::{Credentials, Region};
use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::operation::create_table::CreateTableError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, ConditionCheck, Delete, GlobalSecondaryIndex, IndexStatus,
    KeySchemaElement, KeyType, Projection, ProjectionType, Put, ScalarAttributeType, TableStatus, TransactWriteItem,
};
use serde_json::{Map, Value};

use crate::cursor::{Position, page};
use crate::table::{
    Condition, Direction, Index, Item, Key, Page, Query, SortRange, StoreError, Table, Write, attr, check_transaction,
};

/// The secondary index's name in DynamoDB.
const GSI1: &str = "gsi1";
/// How often and how long [`DynamoTable::create_table`] polls for the table to become active.
const POLL_EVERY: Duration = Duration::from_millis(200);
const POLL_FOR: Duration = Duration::from_secs(30);
/// The region of local DynamoDB-compatible servers (any would do; this is the deployment default).
const LOCAL_REGION: &str = "ap-southeast-3";

/// A [`Table`] on one DynamoDB table. Cheap to clone: clones share the SDK client.
#[derive(Debug, Clone)]
pub struct DynamoTable {
    client: Client,
    table: String,
}

impl DynamoTable {
    /// Uses an SDK client built elsewhere (built once per Lambda, in `main`).
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }

    /// Builds the client from the environment: the Lambda role's credentials and region, and
    /// `AWS_ENDPOINT_URL_DYNAMODB` when set.
    pub async fn from_env(table: impl Into<String>) -> Self {
        let config = aws_config::load_defaults(BehaviorVersion::latest()).await;
        Self::new(Client::new(&config), table)
    }

    /// Talks to a local DynamoDB-compatible server (moto's, in the tests) with dummy credentials.
    pub async fn connect_local(endpoint_url: impl Into<String>, table: impl Into<String>) -> Self {
        let config = aws_sdk_dynamodb::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(LOCAL_REGION))
            .credentials_provider(Credentials::new("local", "local", None, None, "tanggap-local"))
            .endpoint_url(endpoint_url)
            .build();
        Self::new(Client::from_conf(config), table)
    }

    /// Creates the table with its secondary index, unless it exists, and waits until it is active.
    #[tracing::instrument(level = "debug", skip(self), fields(table = %self.table))]
    pub async fn create_table(&self) -> Result<(), StoreError> {
        let created = self
            .client
            .create_table()
            .table_name(&self.table)
            .billing_mode(BillingMode::PayPerRequest)
            .set_attribute_definitions(Some(
                [attr::PK, attr::SK, attr::GSI1PK, attr::GSI1SK]
                    .into_iter()
                    .map(string_attribute)
                    .collect::<Result<_, _>>()?,
            ))
            .set_key_schema(Some(key_schema(attr::PK, attr::SK)?))
            .global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(GSI1)
                    .set_key_schema(Some(key_schema(attr::GSI1PK, attr::GSI1SK)?))
                    .projection(Projection::builder().projection_type(ProjectionType::All).build())
                    .build()
                    .map_err(request_invalid)?,
            )
            .send()
            .await;
        match created {
            Ok(_) => {}
            Err(err) if matches!(err.as_service_error(), Some(CreateTableError::ResourceInUseException(_))) => {}
            Err(err) => return Err(self.failed("CreateTable", err)),
        }
        self.wait_until_active().await
    }

    /// Polls the table until it and its index are active. The SDK's waiter polls every 20 s, far too
    /// slowly for tests.
    async fn wait_until_active(&self) -> Result<(), StoreError> {
        let deadline = tokio::time::Instant::now() + POLL_FOR;
        loop {
            let described = self
                .client
                .describe_table()
                .table_name(&self.table)
                .send()
                .await
                .map_err(|err| self.failed("DescribeTable", err))?;
            if let Some(table) = described.table()
                && table.table_status() == Some(&TableStatus::Active)
                && table
                    .global_secondary_indexes()
                    .iter()
                    .all(|index| index.index_status().is_none_or(|status| *status == IndexStatus::Active))
            {
                return Ok(());
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(StoreError::Backend(format!(
                    "dynamodb: table {} is not active after {} s",
                    self.table,
                    POLL_FOR.as_secs()
                )));
            }
            tokio::time::sleep(POLL_EVERY).await;
        }
    }

    fn transact_item(&self, write: Write) -> Result<TransactWriteItem, StoreError> {
        let condition = match write {
            Write::Check { condition, .. } => ConditionExpression::for_check(condition),
            Write::Put { condition, .. } | Write::Delete { condition, .. } => ConditionExpression::of(condition),
        };
        let item = TransactWriteItem::builder();
        Ok(match write {
            Write::Put { item: put, .. } => item.put(
                Put::builder()
                    .table_name(&self.table)
                    .set_item(Some(to_attributes(put)?))
                    .set_condition_expression(condition.expression)
                    .set_expression_attribute_names(condition.names)
                    .set_expression_attribute_values(condition.values)
                    .build()
                    .map_err(request_invalid)?,
            ),
            Write::Delete { key, .. } => item.delete(
                Delete::builder()
                    .table_name(&self.table)
                    .set_key(Some(key_attributes(&key)))
                    .set_condition_expression(condition.expression)
                    .set_expression_attribute_names(condition.names)
                    .set_expression_attribute_values(condition.values)
                    .build()
                    .map_err(request_invalid)?,
            ),
            Write::Check { key, .. } => item.condition_check(
                ConditionCheck::builder()
                    .table_name(&self.table)
                    .set_key(Some(key_attributes(&key)))
                    .set_condition_expression(condition.expression)
                    .set_expression_attribute_names(condition.names)
                    .set_expression_attribute_values(condition.values)
                    .build()
                    .map_err(request_invalid)?,
            ),
        }
        .build())
    }

    /// A backend error with the operation, the table, and the SDK's whole chain of causes.
    fn failed(&self, operation: &str, err: impl std::error::Error) -> StoreError {
        StoreError::Backend(format!("dynamodb {operation} on table {}: {}", self.table, DisplayErrorContext(err)))
    }
}

#[async_trait]
impl Table for DynamoTable {
    #[tracing::instrument(level = "debug", skip(self, key), fields(table = %self.table, %key))]
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        key.check()?;
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_attributes(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|err| self.failed("GetItem", err))?;
        output.item.map(from_attributes).transpose()
    }

    #[tracing::instrument(level = "debug", skip(self, item), fields(table = %self.table, key = %item.key()))]
    async fn put(&self, item: Item, condition: Condition) -> Result<(), StoreError> {
        item.check()?;
        let condition = ConditionExpression::of(condition);
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_attributes(item)?))
            .set_condition_expression(condition.expression)
            .set_expression_attribute_names(condition.names)
            .set_expression_attribute_values(condition.values)
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(err) => Err(match err.as_service_error() {
                Some(PutItemError::ConditionalCheckFailedException(_)) => StoreError::ConditionFailed { index: None },
                Some(PutItemError::TransactionConflictException(conflict)) => {
                    StoreError::Conflict(conflict.to_string())
                }
                _ => self.failed("PutItem", err),
            }),
        }
    }

    #[tracing::instrument(level = "debug", skip(self, query), fields(table = %self.table, index = ?query.index, partition = %query.partition))]
    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        query.check()?;
        let mut start = Position::from_query(query)?.map(|at| position_attributes(&at));
        let key = KeyCondition::of(query);
        let mut items = Vec::with_capacity(query.limit.min(64));
        // DynamoDB stops a page at 1 MB; carry on until the page is full or the range is exhausted.
        loop {
            let remaining = i32::try_from(query.limit - items.len())
                .map_err(|_| StoreError::InvalidQuery(format!("limit {} is too large", query.limit)))?;
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .set_index_name((query.index == Index::Gsi1).then(|| GSI1.to_owned()))
                // Secondary indexes cannot be read consistently.
                .consistent_read(query.index == Index::Primary)
                .key_condition_expression(&key.expression)
                .set_expression_attribute_names(Some(key.names.clone()))
                .set_expression_attribute_values(Some(key.values.clone()))
                .scan_index_forward(query.direction == Direction::Ascending)
                .limit(remaining)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(|err| self.failed("Query", err))?;
            for attributes in output.items.unwrap_or_default() {
                items.push(from_attributes(attributes)?);
            }
            match output.last_evaluated_key {
                Some(last) if items.len() < query.limit => start = Some(last),
                _ => break,
            }
        }
        Ok(page(items, query))
    }

    #[tracing::instrument(level = "debug", skip(self, writes), fields(table = %self.table, writes = writes.len()))]
    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        check_transaction(&writes)?;
        if writes.is_empty() {
            return Ok(());
        }
        let items = writes.into_iter().map(|write| self.transact_item(write)).collect::<Result<Vec<_>, _>>()?;
        let Err(err) = self.client.transact_write_items().set_transact_items(Some(items)).send().await else {
            return Ok(());
        };
        if let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) = err.as_service_error() {
            let reasons = cancelled.cancellation_reasons();
            if let Some(index) = reasons.iter().position(|reason| reason.code() == Some("ConditionalCheckFailed")) {
                return Err(StoreError::ConditionFailed { index: Some(index) });
            }
            if reasons.iter().any(|reason| reason.code() == Some("TransactionConflict")) {
                return Err(StoreError::Conflict(cancelled.to_string()));
            }
        }
        Err(self.failed("TransactWriteItems", err))
    }
}

/// A write's condition as DynamoDB expression parts, ready for the request builders' setters.
struct ConditionExpression {
    expression: Option<String>,
    names: Option<HashMap<String, String>>,
    values: Option<HashMap<String, AttributeValue>>,
}

impl ConditionExpression {
    fn of(condition: Condition) -> Self {
        let plain = |expression: &str| Self { expression: Some(expression.to_owned()), names: None, values: None };
        match condition {
            Condition::None => Self { expression: None, names: None, values: None },
            Condition::NotExists => plain("attribute_not_exists(pk)"),
            Condition::Exists => plain("attribute_exists(pk)"),
            Condition::VersionEquals(version) => Self {
                expression: Some("#v = :v".to_owned()),
                names: Some(HashMap::from([("#v".to_owned(), attr::VERSION.to_owned())])),
                values: Some(HashMap::from([(":v".to_owned(), AttributeValue::N(version.to_string()))])),
            },
        }
    }

    /// A condition check must carry an expression: without a condition, one that always holds.
    fn for_check(condition: Condition) -> Self {
        match condition {
            Condition::None => Self {
                expression: Some("attribute_exists(pk) OR attribute_not_exists(pk)".to_owned()),
                names: None,
                values: None,
            },
            condition => Self::of(condition),
        }
    }
}

/// A query's key condition. Only the placeholders the expression uses are defined: DynamoDB refuses
/// unused ones.
struct KeyCondition {
    expression: String,
    names: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
}

impl KeyCondition {
    fn of(query: &Query) -> Self {
        let (partition_key, sort_key) = match query.index {
            Index::Primary => (attr::PK, attr::SK),
            Index::Gsi1 => (attr::GSI1PK, attr::GSI1SK),
        };
        let mut condition = Self {
            expression: "#pk = :pk".to_owned(),
            names: HashMap::from([("#pk".to_owned(), partition_key.to_owned())]),
            values: HashMap::from([(":pk".to_owned(), AttributeValue::S(query.partition.clone()))]),
        };
        match &query.range {
            SortRange::All => {}
            SortRange::Prefix(prefix) if prefix.is_empty() => {}
            SortRange::Prefix(prefix) => {
                condition.on_sort_key(sort_key, "begins_with(#sk, :prefix)", [(":prefix", prefix)]);
            }
            SortRange::Between { from, to } => {
                condition.on_sort_key(sort_key, "#sk BETWEEN :from AND :to", [(":from", from), (":to", to)]);
            }
        }
        condition
    }

    fn on_sort_key<const N: usize>(&mut self, sort_key: &str, clause: &str, values: [(&str, &String); N]) {
        self.expression.push_str(" AND ");
        self.expression.push_str(clause);
        self.names.insert("#sk".to_owned(), sort_key.to_owned());
        for (placeholder, value) in values {
            self.values.insert(placeholder.to_owned(), AttributeValue::S(value.clone()));
        }
    }
}

fn key_attributes(key: &Key) -> HashMap<String, AttributeValue> {
    HashMap::from([
        (attr::PK.to_owned(), AttributeValue::S(key.pk.clone())),
        (attr::SK.to_owned(), AttributeValue::S(key.sk.clone())),
    ])
}

/// A cursor position as an `ExclusiveStartKey`.
fn position_attributes(at: &Position) -> HashMap<String, AttributeValue> {
    let mut attributes = key_attributes(&Key::new(at.pk.clone(), at.sk.clone()));
    for (name, value) in [(attr::GSI1PK, &at.gsi1pk), (attr::GSI1SK, &at.gsi1sk)] {
        if let Some(value) = value {
            attributes.insert(name.to_owned(), AttributeValue::S(value.clone()));
        }
    }
    attributes
}

fn to_attributes(item: Item) -> Result<HashMap<String, AttributeValue>, StoreError> {
    let key = item.key();
    serde_dynamo::to_item(item.into_map())
        .map_err(|e| StoreError::InvalidItem(format!("item {key} does not convert to DynamoDB attributes: {e}")))
}

fn from_attributes(attributes: HashMap<String, AttributeValue>) -> Result<Item, StoreError> {
    let map: Map<String, Value> = serde_dynamo::from_item(attributes)
        .map_err(|e| StoreError::Backend(format!("dynamodb: an item does not convert to JSON: {e}")))?;
    Item::from_map(map).map_err(|e| StoreError::Backend(format!("dynamodb: a stored item is not valid: {e}")))
}

fn string_attribute(name: &str) -> Result<AttributeDefinition, StoreError> {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .map_err(request_invalid)
}

fn key_schema(partition: &str, sort: &str) -> Result<Vec<KeySchemaElement>, StoreError> {
    [(partition, KeyType::Hash), (sort, KeyType::Range)]
        .into_iter()
        .map(|(name, key_type)| {
            KeySchemaElement::builder().attribute_name(name).key_type(key_type).build().map_err(request_invalid)
        })
        .collect()
}

/// A request builder missed a required field: a bug here, reported rather than panicking.
fn request_invalid(err: aws_sdk_dynamodb::error::BuildError) -> StoreError {
    StoreError::Backend(format!("dynamodb: building a request: {err}"))
}
