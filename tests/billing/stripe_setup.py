"""Arrange a subscribed customer in localstripe the way Stripe's API is used."""


def attach_card(client, customer_id, number="4242424242424242"):
    payment_method = client.v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": number, "exp_month": 7, "exp_year": 2031, "cvc": "123"},
        }
    )
    client.v1.payment_methods.attach(
        payment_method.id, params={"customer": customer_id}
    )
    client.v1.customers.update(
        customer_id,
        params={"invoice_settings": {"default_payment_method": payment_method.id}},
    )
    return payment_method


def subscribe(client, customer_id):
    """Subscribe the customer to a flat monthly plan.

    localstripe has plans but no prices, and accepts one item per subscription.
    Plans carry the fields this project reads from prices (amount, currency,
    interval, nickname, metadata).
    """
    product = client.v1.products.create(params={"name": "Nectar Growth"})
    plan = client.v1.plans.create(
        params={
            "amount": 49000,
            "currency": "usd",
            "interval": "month",
            "product": product.id,
            "nickname": "Growth, monthly",
        }
    )
    return client.v1.subscriptions.create(
        params={"customer": customer_id, "items": [{"plan": plan.id}]}
    )
